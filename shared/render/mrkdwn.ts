/**
 * Mrkdwn fragments shared by the Slack and Chatbot renderers (Chatbot's client-markdown is
 * posted to Slack as mrkdwn). All alert text is escaped here; only the `*`, `_`, backticks,
 * `>` quotes and `<url|label>` links around it are Herald's.
 */
import type { Alert, AlertCommit, AlertFailure, AlertNextStep, AlertPerson, Severity } from '../alerts/alert';
import { fitEscaped, joinWithinLimit, singleLine, slackEscape, slackLink, slackMention, truncate } from './text';

// Herald's own caps, so one long name cannot crowd out the rest of a message.
export const NAME_MAX_CHARS = 200;
const CODE_MAX_CHARS = 100;
const SHORT_COMMIT_ID_CHARS = 7;
const COMMIT_MESSAGE_MAX_LINES = 3;
const COMMIT_MESSAGE_MAX_CHARS = 1000;

export const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
  critical: ':rotating_light:',
  high: ':red_circle:',
  medium: ':large_orange_circle:',
  low: ':large_yellow_circle:',
  info: ':information_source:',
};

/** Escaped single-line text, cut to `maxChars`. */
export function inlineText(text: string, maxChars: number): string {
  return fitEscaped(singleLine(text), maxChars, slackEscape);
}

/** Escapes text shown between backticks, where a backtick would end the code span: it becomes a look-alike (ˋ). */
function codeEscape(text: string): string {
  return slackEscape(text).replace(/`/g, '\u02CB');
}

/**
 * One failure in at most `maxChars` (at least ~320, the most the first line takes): where and
 * code, then the link if it fits, and the room left goes to the error output as a code block.
 */
export function failureMrkdwn(failure: AlertFailure, maxChars: number): string {
  const where = `*:x: ${inlineText(failure.where, NAME_MAX_CHARS) || 'unknown'}*`;
  const codeText = failure.code === undefined ? '' : fitEscaped(singleLine(failure.code), CODE_MAX_CHARS, codeEscape);
  const firstLine = codeText === '' ? where : `${where} \`${codeText}\``;
  const link = failure.link === undefined ? undefined : slackLink(failure.link.url, failure.link.label);
  const linkLine = link === undefined || firstLine.length + link.length + 1 > maxChars ? '' : `\n${link}`;
  const whyRoom = maxChars - firstLine.length - linkLine.length - '\n``````'.length;
  const why = failure.why === undefined ? '' : fitEscaped(failure.why.trim(), whyRoom, codeEscape).trim();
  const whyBlock = why === '' ? '' : `\n\`\`\`${why}\`\`\``;
  return firstLine + whyBlock + linkLine;
}

/** The commit in at most `maxChars`: short id (linked if it fits), author, repository, branch, first lines of the message. */
export function commitMrkdwn(commit: AlertCommit, maxChars: number): string {
  const shortId = truncate(singleLine(commit.id), SHORT_COMMIT_ID_CHARS, '') || 'unknown';
  const author = commit.author === undefined ? '' : ` by ${inlineText(commit.author, NAME_MAX_CHARS)}`;
  const idLink = commit.link === undefined ? undefined : slackLink(commit.link.url, shortId);
  const linkedHeading = idLink === undefined ? undefined : `*Commit* ${idLink}${author}`;
  const heading =
    linkedHeading !== undefined && linkedHeading.length <= maxChars ? linkedHeading : `*Commit* \`${codeEscape(shortId)}\`${author}`;
  const place = [
    commit.repository === undefined ? undefined : `Repository: ${inlineText(commit.repository, NAME_MAX_CHARS)}`,
    commit.branch === undefined ? undefined : `Branch: ${inlineText(commit.branch, NAME_MAX_CHARS)}`,
  ].filter((part) => part !== undefined);
  const lines = [heading];
  if (place.length > 0) lines.push(place.join(' · '));
  if (commit.message !== undefined) lines.push(...quotedLines(commit.message));
  return joinWithinLimit(lines, '\n', maxChars);
}

/** The first lines of a commit message as a quote; the `>` are Herald's, any in the message are escaped. */
function quotedLines(message: string): string[] {
  const lines = fitEscaped(message.trim(), COMMIT_MESSAGE_MAX_CHARS, slackEscape)
    .split('\n')
    .filter((line) => line.trim() !== '');
  const shown = lines.length > COMMIT_MESSAGE_MAX_LINES ? [...lines.slice(0, COMMIT_MESSAGE_MAX_LINES), '…'] : lines;
  return shown.map((line) => `> ${line}`);
}

/**
 * The people an alert is for: Slack gets `<@U…>` for a configured member id (the only mention
 * Herald writes), else the escaped name; `mention: false` (Chatbot) names them only.
 */
export function peopleMrkdwn(people: readonly AlertPerson[], mention: boolean): string {
  return people.map((person) => (mention ? slackMention(person.slackId) : undefined) ?? inlineText(person.name, NAME_MAX_CHARS)).join(', ');
}

/** One next step: its escaped text, then its link when it is safe. */
export function nextStepMrkdwn(step: AlertNextStep, maxChars: number): string {
  const link = step.link === undefined ? undefined : slackLink(step.link.url, step.link.label);
  const text = inlineText(step.text, Math.max(0, maxChars - (link === undefined ? 0 : link.length + 3)));
  return link === undefined ? text : `${text}: ${link}`;
}

/** `payments-prod (111122223333)`, or the bare id when the config gives no alias. */
export function accountMrkdwn(alert: Alert, maxChars: number): string {
  const id = inlineText(alert.account, maxChars);
  return alert.accountLabel === undefined ? id : `${inlineText(alert.accountLabel, maxChars)} (${id})`;
}
