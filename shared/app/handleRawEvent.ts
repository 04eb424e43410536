import type { AlertEvent, DomainEvent } from '../events/domain';
import { UnsupportedEventError } from '../events/errors';
import { parseEvent } from '../events/parse';
import { reactToEvent, type ReactDeps, type Reaction } from './react';

/**
 * The failure-alert events of a parsed payload. CodeCommit pushes belong to the pushEvents
 * function: a payload holding any is rejected whole, before anything is delivered, so a trigger
 * or rule pointed at the wrong function shows up in its failure queue instead of vanishing.
 */
export function alertEventsOf(events: readonly DomainEvent[]): AlertEvent[] {
  return events.map((event) => {
    if (event.kind === 'pipeline' || event.kind === 'build') return event;
    if (event.kind !== 'push') {
      throw new UnsupportedEventError(`CodeCommit ${event.kind} event ${event.eventId} (${event.repository}) is handled by the repositoryActivity function, not by failure alerts`, {
        eventId: event.eventId,
        source: 'aws.codecommit',
      });
    }
    throw new UnsupportedEventError(`CodeCommit push ${event.eventId} (${event.repository} ${event.ref}) is handled by the pushEvents function, not by failure alerts`, {
      eventId: event.eventId,
      source: 'aws.codecommit',
    });
  });
}

/**
 * Parses a raw Lambda/HTTP payload and reacts to each domain event in it. Parse errors
 * propagate: an event Herald cannot read must reach the failure queue, not vanish.
 */
export async function handleRawEvent(raw: unknown, deps: ReactDeps): Promise<Reaction[]> {
  const reactions: Reaction[] = [];
  for (const event of alertEventsOf(parseEvent(raw))) {
    reactions.push(await reactToEvent(event, deps));
  }
  return reactions;
}
