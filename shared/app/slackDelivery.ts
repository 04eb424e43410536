import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { readSnsEvent } from '../events/sns';
import { slackEscape } from '../render/text';
import type { Log } from './ports';

/** What Slack's incoming webhook accepts from Herald: the rendered payload, or plain text. */
const slackPayload = v.looseObject({ text: v.string(), blocks: v.optional(v.array(v.looseObject({ type: v.string() }))) });
export type SlackPayload = v.InferOutput<typeof slackPayload>;

/** One message of the Slack topic, to post to one webhook. */
export interface SlackPost {
  /** The SNS MessageId: the same for every redelivery of the message. */
  readonly messageId: string;
  readonly url: string;
  readonly payload: SlackPayload;
}

export interface SlackDeliveryDeps {
  /** Resolves the webhook URL (a secret) at run time. */
  readonly webhookUrl: () => Promise<string>;
  readonly post: (post: SlackPost) => Promise<void>;
  readonly log: Log;
}

/**
 * The de-duplication key of a post: the SNS message and the webhook it goes to (a digest, so the
 * URL, a secret, never lands in a key): SNS redeliveries and Lambda retries post it once.
 */
export function slackPostKey(post: SlackPost): string {
  return `slack/${post.messageId}#${createHash('sha256').update(post.url).digest('hex').slice(0, 16)}`;
}

/**
 * Messages on the Slack topic are Slack payloads rendered by Herald. Anything else
 * (a plain-text message someone published by hand) is escaped and sent as text, never
 * interpreted as mrkdwn.
 */
export function toSlackPayload(message: string): SlackPayload {
  try {
    const parsed = v.safeParse(slackPayload, JSON.parse(message));
    if (parsed.success) return parsed.output;
  } catch {
    // Not JSON: fall through to plain text.
  }
  return { text: slackEscape(message).slice(0, 3000) };
}

/** Posts each message of an SNS event to the webhook; rejects if a post failed after its retries. */
export async function deliverToSlack(rawEvent: unknown, deps: SlackDeliveryDeps): Promise<void> {
  const messages = readSnsEvent(rawEvent);
  const url = await deps.webhookUrl();
  for (const { messageId, message } of messages) {
    await deps.post({ messageId, url, payload: toSlackPayload(message) });
    deps.log.info('posted to slack', { messageId });
  }
}
