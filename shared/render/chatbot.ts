/**
 * Renders an alert as an Amazon Q Developer in chat applications (AWS Chatbot) custom
 * notification, published to an SNS topic the chat channel subscribes to.
 * Schema: https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html
 */
import type { Alert } from '../alerts/alert';
import { NAME_MAX_CHARS, SEVERITY_EMOJI, accountMrkdwn, commitMrkdwn, failureMrkdwn, inlineText, nextStepMrkdwn, peopleMrkdwn } from './mrkdwn';
import { joinWithinLimit, slackLink } from './text';

export interface ChatbotNotification {
  readonly version: '1.0';
  readonly source: 'custom';
  readonly id?: string;
  readonly content: {
    readonly textType: 'client-markdown';
    readonly title: string;
    readonly description: string;
    readonly nextSteps?: readonly string[];
    readonly keywords?: readonly string[];
  };
  readonly metadata: {
    /** Notifications with the same thread id are grouped into one chat thread. */
    readonly threadId: string;
    readonly summary: string;
    readonly eventType: string;
    readonly relatedResources?: readonly string[];
    readonly additionalContext?: Readonly<Record<string, string>>;
  };
}

// Chatbot documents no length limits; it posts to Slack, where 3000 characters is the limit
// of a section's text, so the description stays within that. The part budgets below add up to
// just under it, so facts are the only part a long alert can push out.
const TITLE_MAX_CHARS = 250;
const DESCRIPTION_MAX_CHARS = 3000;
const SUMMARY_MAX_CHARS = 250;
const FAILURE_MAX_CHARS = 450;
const MAX_FAILURES_SHOWN = 3;
const NOTE_MAX_CHARS = 300;
const NOTES_MAX_CHARS = 500;
const COMMIT_MAX_CHARS = 800;
const FACT_MAX_CHARS = 300;
const FACTS_MAX_CHARS = 1500;
const MAX_NEXT_STEPS = 10;
const CONTEXT_VALUE_MAX_CHARS = 100;
const NEXT_STEP_MAX_CHARS = 400;

export function renderChatbot(alert: Alert): ChatbotNotification {
  const steps = (alert.nextSteps ?? []).map((step) => nextStepMrkdwn(step, NEXT_STEP_MAX_CHARS));
  const nextSteps = [...steps, ...alert.links.flatMap((link) => slackLink(link.url, link.label) ?? [])].slice(0, MAX_NEXT_STEPS);
  const title = inlineText(alert.title, TITLE_MAX_CHARS) || 'Herald alert';
  return {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: `${SEVERITY_EMOJI[alert.severity]} ${title}`,
      description: description(alert) || title,
      ...(nextSteps.length === 0 ? {} : { nextSteps }),
      keywords: [alert.severity.toUpperCase(), inlineText(alert.eventType, NAME_MAX_CHARS)].filter((keyword) => keyword !== ''),
    },
    metadata: {
      // Identifiers rather than display text: passed as given so every alert of an execution shares the thread.
      threadId: alert.threadId,
      summary: title,
      eventType: alert.eventType,
      additionalContext: {
        severity: alert.severity,
        account: inlineText(alert.account, CONTEXT_VALUE_MAX_CHARS),
        ...(alert.accountLabel === undefined ? {} : { accountAlias: inlineText(alert.accountLabel, CONTEXT_VALUE_MAX_CHARS) }),
        region: inlineText(alert.region, CONTEXT_VALUE_MAX_CHARS),
        time: inlineText(alert.time, CONTEXT_VALUE_MAX_CHARS),
      },
    },
  };
}

/**
 * Summary, failures, notes, commit and facts, in that order of importance, whole parts while they
 * fit. Empty for an alert with nothing to say; the caller falls back to the title, as Chatbot
 * requires a description.
 */
function description(alert: Alert): string {
  const failures = alert.failures.slice(0, MAX_FAILURES_SHOWN).map((failure) => failureMrkdwn(failure, FAILURE_MAX_CHARS));
  const hiddenFailures = alert.failures.length - failures.length;
  const facts = alert.facts.map(({ label, value }) => `*${inlineText(label, NAME_MAX_CHARS)}:* ${inlineText(value, FACT_MAX_CHARS)}`);
  const parts = [
    inlineText(alert.summary, SUMMARY_MAX_CHARS),
    // Chatbot names people, it does not mention them.
    alert.mentions === undefined || alert.mentions.length === 0 ? '' : `*For:* ${peopleMrkdwn(alert.mentions, false)}`,
    `*Account:* ${accountMrkdwn(alert, CONTEXT_VALUE_MAX_CHARS)} · *Region:* ${inlineText(alert.region, CONTEXT_VALUE_MAX_CHARS)}`,
    ...failures,
    hiddenFailures > 0 ? `_(${hiddenFailures} more failures not shown)_` : '',
    joinWithinLimit(
      alert.notes.map((note) => `• ${inlineText(note, NOTE_MAX_CHARS)}`),
      '\n',
      NOTES_MAX_CHARS,
    ),
    alert.commit === undefined ? '' : commitMrkdwn(alert.commit, COMMIT_MAX_CHARS),
    facts.length === 0 ? '' : joinWithinLimit(facts, '\n', FACTS_MAX_CHARS),
  ];
  return joinWithinLimit(
    parts.filter((part) => part !== ''),
    '\n\n',
    DESCRIPTION_MAX_CHARS,
  );
}
