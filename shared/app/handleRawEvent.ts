import { parseEvent } from '../events/parse';
import { reactToEvent, type ReactDeps, type Reaction } from './react';

/**
 * Parses a raw Lambda/HTTP payload and reacts to each domain event in it. Parse errors
 * propagate: an event Herald cannot read must reach the failure queue, not vanish.
 */
export async function handleRawEvent(raw: unknown, deps: ReactDeps): Promise<Reaction[]> {
  const reactions: Reaction[] = [];
  for (const event of parseEvent(raw)) {
    reactions.push(await reactToEvent(event, deps));
  }
  return reactions;
}
