/**
 * Renders an alert as a Slack Block Kit message (for a Slack webhook fed from SNS).
 * Every piece of alert text goes through `slackEscape`, so alert text can neither mention
 * anyone nor produce a link; the only links are Herald's own `<url|label>` around checked URLs.
 * Slack rejects a message that breaks a Block Kit limit, so every text is cut to fit.
 */
import type { Alert, AlertCommit, AlertFailure, AlertLink } from '../alerts/alert';
import { SEVERITY_EMOJI, accountMrkdwn, commitMrkdwn, failureMrkdwn, inlineText, nextStepMrkdwn, peopleMrkdwn } from './mrkdwn';
import { isSafeLinkUrl, joinWithinLimit } from './text';

export interface SlackPlainText {
  readonly type: 'plain_text';
  readonly text: string;
  readonly emoji?: boolean;
}

export interface SlackMrkdwnText {
  readonly type: 'mrkdwn';
  readonly text: string;
}

export interface SlackHeaderBlock {
  readonly type: 'header';
  readonly text: SlackPlainText;
}

/** Needs `text`, `fields` or both. */
export interface SlackSectionBlock {
  readonly type: 'section';
  readonly text?: SlackMrkdwnText;
  readonly fields?: readonly SlackMrkdwnText[];
}

export interface SlackContextBlock {
  readonly type: 'context';
  readonly elements: readonly (SlackMrkdwnText | SlackPlainText)[];
}

export interface SlackDividerBlock {
  readonly type: 'divider';
}

export interface SlackLinkButton {
  readonly type: 'button';
  readonly text: SlackPlainText;
  readonly url: string;
}

export interface SlackActionsBlock {
  readonly type: 'actions';
  readonly elements: readonly SlackLinkButton[];
}

export type SlackBlock = SlackHeaderBlock | SlackSectionBlock | SlackContextBlock | SlackDividerBlock | SlackActionsBlock;

export interface SlackMessage {
  /** Notification and fallback text, shown where blocks are not. */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
}

/** Block Kit limits for messages (https://api.slack.com/reference/block-kit). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonUrl: 3000,
} as const;

const FALLBACK_TEXT_MAX_CHARS = 500;
const FACT_LABEL_MAX_CHARS = 100;
const MAX_FACT_SECTIONS = 2;
const NOTE_MAX_CHARS = 400;
const FOOTER_VALUE_MAX_CHARS = 50;

export function renderSlack(alert: Alert): SlackMessage {
  const divider: SlackDividerBlock = { type: 'divider' };
  const head: SlackBlock[] = [headerBlock(alert), summaryBlock(alert), mentionsBlock(alert), ...factBlocks(alert.facts), divider].filter(
    (block) => block !== undefined,
  );
  const tail = [commitBlock(alert.commit), nextStepsBlock(alert), notesBlock(alert.notes), actionsBlock(alert.links), footerBlock(alert)].filter(
    (block) => block !== undefined,
  );
  const failureSlots = SLACK_LIMITS.blocksPerMessage - head.length - tail.length;
  return { text: fallbackText(alert), blocks: [...head, ...failureBlocks(alert.failures, failureSlots), ...tail] };
}

function mrkdwn(text: string): SlackMrkdwnText {
  return { type: 'mrkdwn', text };
}

function plain(text: string): SlackPlainText {
  return { type: 'plain_text', text, emoji: true };
}

function fallbackText(alert: Alert): string {
  return inlineText(`[${alert.severity.toUpperCase()}] ${alert.title}: ${alert.summary}`, FALLBACK_TEXT_MAX_CHARS);
}

function headerBlock(alert: Alert): SlackHeaderBlock {
  const emoji = SEVERITY_EMOJI[alert.severity];
  const title = inlineText(alert.title, SLACK_LIMITS.headerText - emoji.length - 1) || 'Herald alert';
  return { type: 'header', text: plain(`${emoji} ${title}`) };
}

function summaryBlock(alert: Alert): SlackSectionBlock {
  const severity = `*${alert.severity.toUpperCase()}*`;
  const summary = inlineText(alert.summary, SLACK_LIMITS.sectionText - severity.length - 3);
  return { type: 'section', text: mrkdwn(summary === '' ? severity : `${severity} · ${summary}`) };
}

function factBlocks(facts: Alert['facts']): SlackSectionBlock[] {
  const capacity = SLACK_LIMITS.sectionFields * MAX_FACT_SECTIONS;
  const fields = facts.slice(0, facts.length > capacity ? capacity - 1 : capacity).map(({ label, value }) => {
    const shownLabel = `*${inlineText(label, FACT_LABEL_MAX_CHARS)}*\n`;
    return mrkdwn(shownLabel + (inlineText(value, SLACK_LIMITS.fieldText - shownLabel.length) || '-'));
  });
  if (facts.length > capacity) fields.push(mrkdwn(`_(${facts.length - fields.length} more not shown)_`));
  const blocks: SlackSectionBlock[] = [];
  for (let start = 0; start < fields.length; start += SLACK_LIMITS.sectionFields) {
    blocks.push({ type: 'section', fields: fields.slice(start, start + SLACK_LIMITS.sectionFields) });
  }
  return blocks;
}

function failureBlocks(failures: readonly AlertFailure[], slots: number): SlackSectionBlock[] {
  if (failures.length <= slots) return failures.map(failureBlock);
  const shown = failures.slice(0, slots - 1);
  const more: SlackSectionBlock = { type: 'section', text: mrkdwn(`_(${failures.length - shown.length} more failures not shown)_`) };
  return [...shown.map(failureBlock), more];
}

function failureBlock(failure: AlertFailure): SlackSectionBlock {
  return { type: 'section', text: mrkdwn(failureMrkdwn(failure, SLACK_LIMITS.sectionText)) };
}

function commitBlock(commit: AlertCommit | undefined): SlackSectionBlock | undefined {
  return commit === undefined ? undefined : { type: 'section', text: mrkdwn(commitMrkdwn(commit, SLACK_LIMITS.sectionText)) };
}

function notesBlock(notes: readonly string[]): SlackSectionBlock | undefined {
  if (notes.length === 0) return undefined;
  const heading = '*Notes*';
  const items = notes.map((note) => `• ${inlineText(note, NOTE_MAX_CHARS)}`);
  return { type: 'section', text: mrkdwn(joinWithinLimit([heading, ...items], '\n', SLACK_LIMITS.sectionText)) };
}

function actionsBlock(links: readonly AlertLink[]): SlackActionsBlock | undefined {
  const buttons = links
    .filter((link) => isSafeLinkUrl(link.url))
    .slice(0, SLACK_LIMITS.actionsElements)
    .map((link): SlackLinkButton => ({ type: 'button', text: plain(inlineText(link.label, SLACK_LIMITS.buttonText) || 'Open'), url: link.url }));
  return buttons.length === 0 ? undefined : { type: 'actions', elements: buttons };
}

function footerBlock(alert: Alert): SlackContextBlock {
  const value = (text: string): string => inlineText(text, FOOTER_VALUE_MAX_CHARS);
  const origin = `Account ${accountMrkdwn(alert, FOOTER_VALUE_MAX_CHARS)} · Region ${value(alert.region)} · Time ${value(alert.time)}`;
  return { type: 'context', elements: [mrkdwn(origin), mrkdwn('Sent by Herald')] };
}

/** `For <@U0123ABCD>`: the commit's author, mentioned by the member id the config gives (nobody else). */
function mentionsBlock(alert: Alert): SlackSectionBlock | undefined {
  if (alert.mentions === undefined || alert.mentions.length === 0) return undefined;
  return { type: 'section', text: mrkdwn(`For ${peopleMrkdwn(alert.mentions, true)}`) };
}

function nextStepsBlock(alert: Alert): SlackSectionBlock | undefined {
  if (alert.nextSteps === undefined || alert.nextSteps.length === 0) return undefined;
  const items = alert.nextSteps.map((step) => `• ${nextStepMrkdwn(step, NOTE_MAX_CHARS)}`);
  return { type: 'section', text: mrkdwn(joinWithinLimit(['*Next steps*', ...items], '\n', SLACK_LIMITS.sectionText)) };
}
