/**
 * Renders an alert as a plain-text e-mail (the body of an SNS e-mail subscription).
 * Single-line fields are flattened so untrusted names cannot forge extra lines or sections;
 * multi-line fields (error output, commit message, notes) are indented under their heading.
 */
import type { Alert, AlertCommit, AlertFailure, AlertLink, AlertNextStep, AlertPerson } from '../alerts/alert';
import { isSafeLinkUrl, plainText, singleLine, snsSubject, truncate } from './text';

export interface EmailMessage {
  readonly subject: string;
  readonly body: string;
}

const SHORT_COMMIT_ID_CHARS = 7;
const COMMIT_MESSAGE_MAX_LINES = 10;
// Labels longer than this are not padded to, so one odd label cannot push every value far right.
const MAX_LABEL_COLUMN = 25;
const INDENT = '    ';

/** SNS subject such as `[HIGH] Pipeline release-prod FAILED in us-east-1`. */
export function alertSubject(alert: Alert): string {
  return snsSubject(`[${alert.severity.toUpperCase()}] ${alert.title} in ${alert.region}`);
}

export function renderEmail(alert: Alert): EmailMessage {
  const sections = [
    headline(alert),
    alert.mentions === undefined || alert.mentions.length === 0 ? undefined : `For: ${alert.mentions.map(personText).join(', ')}`,
    section('NEXT STEPS', (alert.nextSteps ?? []).flatMap(nextStepLines)),
    section((alert.failuresTitle ?? 'What failed').toUpperCase(), alert.failures.flatMap(failureLines)),
    alert.commit === undefined ? undefined : section('COMMIT', commitLines(alert.commit)),
    section('FACTS', table(alert.facts.map((fact) => [fact.label, fact.value]))),
    section('LINKS', alert.links.flatMap(linkLine)),
    section('NOTES', alert.notes.map((note) => `- ${indentContinuation(multiLine(note), '  ')}`)),
    footer(alert),
  ];
  return { subject: alertSubject(alert), body: `${sections.filter((text) => text !== undefined).join('\n\n')}\n` };
}

function headline(alert: Alert): string {
  const title = singleLine(alert.title);
  const underline = '='.repeat(Math.min(Math.max(title.length, 3), 72));
  return [title, underline, `Severity: ${alert.severity.toUpperCase()}`, '', singleLine(alert.summary)].join('\n');
}

/** A titled section, or undefined when it has nothing to show. */
function section(title: string, lines: readonly string[]): string | undefined {
  if (lines.length === 0) return undefined;
  return [title, '-'.repeat(title.length), ...lines].join('\n');
}

function failureLines(failure: AlertFailure, index: number): string[] {
  const lines = [`${index + 1}. ${singleLine(failure.where)}`];
  if (failure.code !== undefined) lines.push(`${INDENT}Code: ${singleLine(failure.code)}`);
  if (failure.why !== undefined) lines.push(`${INDENT}Why:`, indentBlock(multiLine(failure.why), INDENT + INDENT));
  if (failure.link !== undefined) lines.push(...linkLine(failure.link).map((line) => INDENT + line));
  return lines;
}

function commitLines(commit: AlertCommit): string[] {
  const id = singleLine(commit.id);
  const shortId = truncate(id, SHORT_COMMIT_ID_CHARS, '');
  const rows: [string, string][] = [['Commit', shortId === id ? id : `${shortId} (${id})`]];
  if (commit.author !== undefined) rows.push(['Author', commit.author]);
  if (commit.repository !== undefined) rows.push(['Repository', commit.repository]);
  if (commit.branch !== undefined) rows.push(['Branch', commit.branch]);
  if (commit.link !== undefined && isSafeLinkUrl(commit.link.url)) rows.push([linkLabel(commit.link), commit.link.url]);
  const lines = table(rows);
  if (commit.message !== undefined) lines.push('Message:', indentBlock(firstLines(multiLine(commit.message), COMMIT_MESSAGE_MAX_LINES), INDENT));
  return lines;
}

function linkLine(link: AlertLink): string[] {
  return isSafeLinkUrl(link.url) ? [`${linkLabel(link)}: ${link.url}`] : [];
}

function linkLabel(link: AlertLink): string {
  return singleLine(link.label) || 'Link';
}

function footer(alert: Alert): string {
  const account = alert.accountLabel === undefined ? singleLine(alert.account) : `${singleLine(alert.accountLabel)} (${singleLine(alert.account)})`;
  const origin = `Account ${account} · Region ${singleLine(alert.region)} · Time ${singleLine(alert.time)}`;
  // "-- " is the conventional signature separator, so mail clients can fold the footer.
  return ['-- ', origin, 'Sent by Herald'].join('\n');
}

/** `label: value` rows with the values aligned in one column. */
function table(rows: readonly (readonly [string, string])[]): string[] {
  const cells = rows.map(([label, value]) => [`${singleLine(label)}:`, singleLine(value)] as const);
  const widest = cells.reduce((width, [label]) => Math.max(width, label.length), 0);
  const column = Math.min(MAX_LABEL_COLUMN, widest);
  return cells.map(([label, value]) => `${label.padEnd(column)} ${value}`);
}

/** `plainText` without the blank lines and trailing space around it. */
function multiLine(text: string): string {
  return plainText(text)
    .replace(/^(?:[ \t]*\n)+/, '')
    .trimEnd();
}

function indentBlock(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : prefix + line))
    .join('\n');
}

/** Continuation lines of a list item, indented to sit under its first line. */
function indentContinuation(text: string, prefix: string): string {
  return text.split('\n').join(`\n${prefix}`);
}

function firstLines(text: string, maxLines: number): string {
  const lines = text.split('\n');
  return lines.length <= maxLines ? lines.join('\n') : [...lines.slice(0, maxLines), '…'].join('\n');
}

/** A person as email names them: `Jane Doe <jane@example.com>`. */
function personText(person: AlertPerson): string {
  return person.email === undefined ? singleLine(person.name) : `${singleLine(person.name)} <${singleLine(person.email)}>`;
}

function nextStepLines(step: AlertNextStep): string[] {
  const link = step.link !== undefined && isSafeLinkUrl(step.link.url) ? step.link.url : undefined;
  return [`- ${singleLine(step.text)}`, ...(link === undefined ? [] : [`  ${link}`])];
}
