import type { Alert } from '../alerts/alert';
import type { EventSource, HeraldConfig } from '../config/schema';
import type { DomainEvent } from '../events/domain';
import { renderMessage, SNS_MAX_MESSAGE_BYTES } from '../render';
import { byteLength } from '../render/text';
import type { SnsPublishAction } from './actions';
import { routeEvent, type RoutingKey } from './routing';

/** SNS counts attributes (name, type and value) and we count the subject too, to stay clear of 256 KB. */
const ATTRIBUTE_VALUE_MAX_CHARS = 256;

/** Routing key of an alert: the facts routes and subscription filter policies match on. */
export function routingKeyOf(event: DomainEvent, alert: Alert): RoutingKey {
  const source: EventSource = event.kind === 'pipeline' ? 'codepipeline' : 'codebuild';
  return {
    source,
    eventType: alert.eventType,
    state: event.state,
    severity: alert.severity,
    account: event.account,
    region: event.region,
    ...(event.kind === 'pipeline' ? { pipeline: event.pipeline } : { project: event.project }),
    ...(alert.commit?.repository === undefined ? {} : { repository: alert.commit.repository }),
    ...(alert.commit?.branch === undefined ? {} : { branch: alert.commit.branch }),
  };
}

/**
 * SNS rejects empty values and surrogate characters (emoji) in attribute values; drop
 * control characters too, so filter policies compare clean strings.
 */
function attributeValue(value: string): string {
  return Array.from(value.replace(/[\p{Cc}\p{Cf}]/gu, ''))
    .filter((char) => char.length === 1)
    .join('')
    .slice(0, ATTRIBUTE_VALUE_MAX_CHARS)
    .trim();
}

/** At most five names, the limit of an attribute-scoped filter policy. */
export function messageAttributes(key: RoutingKey): Record<string, string> {
  const candidates: [string, string | undefined][] = [
    ['eventType', key.eventType],
    ['severity', key.severity],
    key.source === 'codebuild' ? ['project', key.project] : ['pipeline', key.pipeline],
    ['repository', key.repository],
    ['account', key.account],
  ];
  const attributes: Record<string, string> = {};
  for (const [name, raw] of candidates) {
    const value = raw === undefined ? '' : attributeValue(raw);
    if (value !== '') attributes[name] = value;
  }
  return attributes;
}

function attributesBytes(attributes: Record<string, string>): number {
  return Object.entries(attributes).reduce((total, [name, value]) => total + byteLength(name) + byteLength('String') + byteLength(value), 0);
}

/** One SNS publish per routed target, rendered for the target's medium. */
export function planDeliveries(event: DomainEvent, alert: Alert, config: HeraldConfig): SnsPublishAction[] {
  const key = routingKeyOf(event, alert);
  const attributes = messageAttributes(key);
  const { targets } = routeEvent(config, key);
  return targets.flatMap((targetName) => {
    const target = config.targets[targetName];
    if (target === undefined) return [];
    const budget = SNS_MAX_MESSAGE_BYTES - attributesBytes(attributes) - 256;
    const { subject, message } = renderMessage(alert, target.format, budget);
    return [
      {
        type: 'sns.publish',
        target: targetName,
        topic: target.topic,
        format: target.format,
        subject,
        message,
        attributes,
        dedupeKey: `${event.eventId}:${targetName}`,
      },
    ];
  });
}
