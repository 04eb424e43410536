import type { Alert } from '../alerts/alert';
import type { EventSource, HeraldConfig } from '../config/schema';
import type { DomainEvent } from '../events/domain';
import { renderMessage, SNS_MAX_MESSAGE_BYTES } from '../render';
import { byteLength } from '../render/text';
import type { SnsPublishAction } from './actions';
import { effectKey } from './identity';
import { pullRequestState } from './pullRequestAlerts';
import { authorTargets, routeEvent, type RoutingKey } from './routing';

/** SNS counts attributes (name, type and value) and we count the subject too, to stay clear of 256 KB. */
const ATTRIBUTE_VALUE_MAX_CHARS = 256;

/** What routes match on besides the alert's own fields, per kind of event. */
function eventKeyOf(event: DomainEvent): {
  readonly source: EventSource;
  readonly state: string;
  readonly pipeline?: string;
  readonly project?: string;
  readonly repository?: string;
  readonly branch?: string;
} {
  switch (event.kind) {
    case 'pipeline':
      return { source: 'codepipeline', state: event.state, pipeline: event.pipeline };
    case 'build':
      return { source: 'codebuild', state: event.state, project: event.project };
    case 'push':
      // A push has no execution state; how the reference moved stands in for it.
      return { source: 'codecommit', state: event.change.toUpperCase() };
    case 'pull-request':
      // Routes name the branch a pull request merges into (`branch: [main]`).
      return {
        source: 'codecommit',
        state: pullRequestState(event),
        repository: event.repository,
        ...(event.destinationBranch === undefined ? {} : { branch: event.destinationBranch }),
      };
    case 'comment':
      return { source: 'codecommit', state: event.action.toUpperCase(), repository: event.repository };
  }
}

/** Routing key of an alert: the facts routes and subscription filter policies match on. */
export function routingKeyOf(event: DomainEvent, alert: Alert): RoutingKey {
  return {
    ...eventKeyOf(event),
    eventType: alert.eventType,
    severity: alert.severity,
    account: event.account,
    region: event.region,
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
    // Astral characters (two UTF-16 units) and lone surrogates, which parsed JSON can hold.
    .filter((char) => char.length === 1 && !/[\ud800-\udfff]/.test(char))
    .join('')
    .slice(0, ATTRIBUTE_VALUE_MAX_CHARS)
    .trim();
}

/** The one source-specific attribute: the pipeline, the build project or the pushed branch. */
function sourceAttribute(key: RoutingKey): [string, string | undefined] {
  switch (key.source) {
    case 'codepipeline':
      return ['pipeline', key.pipeline];
    case 'codebuild':
      return ['project', key.project];
    case 'codecommit':
      return ['branch', key.branch];
  }
}

/** At most five names, the limit of an attribute-scoped filter policy. */
export function messageAttributes(key: RoutingKey): Record<string, string> {
  const candidates: [string, string | undefined][] = [
    ['eventType', key.eventType],
    ['severity', key.severity],
    sourceAttribute(key),
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
  return [...targets.flatMap((targetName): SnsPublishAction[] => {
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
        dedupeKey: effectKey(event, targetName),
      },
    ];
  }), ...authorDeliveries(event, alert, config, key)];
}

/**
 * The direct emails of routes with `notifyAuthor`: one publish per such target, carrying the
 * author's configured address as the `author` attribute (their subscription filters on it).
 * `repository` makes room for it: five attributes is the filter policy limit. An author the
 * config does not know gets nothing here; the route's own targets reach the default audience.
 */
function authorDeliveries(event: DomainEvent, alert: Alert, config: HeraldConfig, key: RoutingKey): SnsPublishAction[] {
  const email = alert.mentions?.find((person) => person.email !== undefined)?.email;
  if (email === undefined) return [];
  const { repository: _room, ...rest } = messageAttributes(key);
  const attributes = { ...rest, author: attributeValue(email) };
  return authorTargets(config, key).flatMap((targetName) => {
    const target = config.targets[targetName];
    if (target === undefined) return [];
    const budget = SNS_MAX_MESSAGE_BYTES - attributesBytes(attributes) - 256;
    const { subject, message } = renderMessage(alert, target.format, budget);
    return [
      {
        type: 'sns.publish' as const,
        target: targetName,
        topic: target.topic,
        format: target.format,
        subject,
        message,
        attributes,
        dedupeKey: effectKey(event, `${targetName}/author`),
      },
    ];
  });
}
