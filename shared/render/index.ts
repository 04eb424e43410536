/**
 * Renders an alert for one SNS target and keeps the message within SNS's size limit by
 * shortening untrusted text and re-rendering, so JSON output always stays valid.
 */
import type { Alert, AlertCommit, AlertFailure, AlertLink } from '../alerts/alert';
import { renderChatbot } from './chatbot';
import { alertSubject, renderEmail } from './email';
import { renderSlack } from './slack';
import { MAX_LINK_URL_CHARS, byteLength, truncate } from './text';

export type Format = 'email' | 'slack' | 'chatbot' | 'json';

export interface RenderedMessage {
  readonly subject: string;
  readonly message: string;
}

/** SNS's limit for a published message, in UTF-8 bytes. */
export const SNS_MAX_MESSAGE_BYTES = 262_144;
/** Headroom for the subject and message attributes, which count toward the same limit. */
export const SNS_RESERVED_BYTES = 8 * 1024;
export const DEFAULT_MESSAGE_BUDGET_BYTES = SNS_MAX_MESSAGE_BYTES - SNS_RESERVED_BYTES;

// Long texts are halved down to this before whole failures are dropped.
const MIN_LONG_TEXT_CHARS = 200;
const FAILURES_KEPT_STEPS = [10, 3, 1];
// Last resort: every text and list cut hard. Identifiers get more room so thread ids stay intact.
const CLAMP_STEPS = [
  { maxChars: 200, maxItems: 10 },
  { maxChars: 50, maxItems: 3 },
];
const IDENTIFIER_MAX_CHARS = 256;
const DETAILS_OMITTED_NOTE = '(some details were omitted to fit the message size limit)';

/**
 * Renders `alert` as `format`; `message` is what to publish to SNS: the e-mail body, or JSON for
 * the Slack payload, the Chatbot notification or the alert itself. `byteLength(message)` never
 * exceeds `budgetBytes`: the longest untrusted texts (failure output, commit message, notes) are
 * shortened with a visible marker, then failures beyond the first few are dropped with a note.
 * Throws a RangeError only when the budget cannot hold even a minimal rendering (a few KB).
 */
export function renderMessage(alert: Alert, format: Format, budgetBytes: number = DEFAULT_MESSAGE_BUDGET_BYTES): RenderedMessage {
  const subject = alertSubject(alert);
  for (const candidate of shrinkingAlerts(alert)) {
    const message = renderBody(candidate, format);
    if (byteLength(message) <= budgetBytes) return { subject, message };
  }
  throw new RangeError(`a ${format} message for this alert does not fit in ${budgetBytes} bytes`);
}

function renderBody(alert: Alert, format: Format): string {
  switch (format) {
    case 'email':
      return renderEmail(alert).body;
    case 'slack':
      return JSON.stringify(renderSlack(alert));
    case 'chatbot':
      return JSON.stringify(renderChatbot(alert));
    case 'json':
      return JSON.stringify(alert);
  }
}

/** The alert, then ever smaller versions of it. */
function* shrinkingAlerts(alert: Alert): Generator<Alert> {
  yield alert;
  let maxChars = longestLongText(alert);
  while (maxChars > MIN_LONG_TEXT_CHARS) {
    maxChars = Math.max(MIN_LONG_TEXT_CHARS, Math.floor(maxChars / 2));
    yield shortenLongTexts(alert, maxChars);
  }
  let smallest = shortenLongTexts(alert, MIN_LONG_TEXT_CHARS);
  for (const kept of FAILURES_KEPT_STEPS) {
    if (smallest.failures.length <= kept) continue;
    smallest = keepFirstFailures(smallest, kept);
    yield smallest;
  }
  for (const { maxChars: clampChars, maxItems } of CLAMP_STEPS) yield clampAlert(smallest, clampChars, maxItems);
}

function longestLongText(alert: Alert): number {
  const lengths = [
    ...alert.failures.map((failure) => failure.why?.length ?? 0),
    alert.commit?.message?.length ?? 0,
    ...alert.notes.map((note) => note.length),
  ];
  return lengths.reduce((longest, length) => Math.max(longest, length), 0);
}

/** Cuts failure output, the commit message and notes longer than `maxChars`. */
function shortenLongTexts(alert: Alert, maxChars: number): Alert {
  const cut = (text: string): string => truncate(text, maxChars);
  return {
    ...alert,
    failures: alert.failures.map((failure) => (failure.why === undefined ? failure : { ...failure, why: cut(failure.why) })),
    ...(alert.commit?.message === undefined ? {} : { commit: { ...alert.commit, message: cut(alert.commit.message) } }),
    notes: alert.notes.map(cut),
  };
}

/** Keeps the first `count` failures; a note, placed first so later clamping keeps it, says how many were dropped. */
function keepFirstFailures(alert: Alert, count: number): Alert {
  const dropped = alert.failures.length - count;
  return { ...alert, failures: alert.failures.slice(0, count), notes: [`(${dropped} more failures not shown)`, ...alert.notes] };
}

/** Every text cut to `maxChars` and every list to `maxItems`; links with absurdly long URLs dropped. */
function clampAlert(alert: Alert, maxChars: number, maxItems: number): Alert {
  const cut = (text: string): string => truncate(text, maxChars);
  const cutId = (text: string): string => truncate(text, IDENTIFIER_MAX_CHARS);
  const clampLink = (link: AlertLink): AlertLink => ({ label: cut(link.label), url: link.url });
  const linkIfShort = (link: AlertLink | undefined): { link?: AlertLink } =>
    link === undefined || link.url.length > MAX_LINK_URL_CHARS ? {} : { link: clampLink(link) };
  const clampFailure = (failure: AlertFailure): AlertFailure => ({
    where: cut(failure.where),
    ...(failure.why === undefined ? {} : { why: cut(failure.why) }),
    ...(failure.code === undefined ? {} : { code: cut(failure.code) }),
    ...linkIfShort(failure.link),
  });
  const clampCommit = (commit: AlertCommit): AlertCommit => ({
    id: cutId(commit.id),
    ...(commit.message === undefined ? {} : { message: cut(commit.message) }),
    ...(commit.author === undefined ? {} : { author: cut(commit.author) }),
    ...(commit.repository === undefined ? {} : { repository: cut(commit.repository) }),
    ...(commit.branch === undefined ? {} : { branch: cut(commit.branch) }),
    ...linkIfShort(commit.link),
  });
  const omitsItems = [alert.facts, alert.failures, alert.links, alert.notes].some((list) => list.length > maxItems);
  return {
    eventType: cutId(alert.eventType),
    severity: alert.severity,
    title: cut(alert.title),
    summary: cut(alert.summary),
    account: cutId(alert.account),
    region: cutId(alert.region),
    time: cutId(alert.time),
    threadId: cutId(alert.threadId),
    facts: alert.facts.slice(0, maxItems).map((fact) => ({ label: cut(fact.label), value: cut(fact.value) })),
    failures: alert.failures.slice(0, maxItems).map(clampFailure),
    ...(alert.commit === undefined ? {} : { commit: clampCommit(alert.commit) }),
    links: alert.links.filter((link) => link.url.length <= MAX_LINK_URL_CHARS).slice(0, maxItems).map(clampLink),
    notes: [...alert.notes.slice(0, maxItems).map(cut), ...(omitsItems ? [DETAILS_OMITTED_NOTE] : [])],
  };
}
