import { readFile } from 'node:fs/promises';
import { offlineEnrich } from '../adapters/local/offlineEnricher';
import { handleRawEvent } from '../app/handleRawEvent';
import type { Log } from '../app/ports';
import type { HeraldConfig } from '../config/schema';
import { EventError } from '../events/errors';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const quietLog: Log = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * `herald replay <event.json>`: parse and plan offline, print each planned action as one
 * JSON line. Exit 0 when the event was understood (even if nothing is to be done), 2 when not.
 */
export async function replay(eventPath: string, config: HeraldConfig, io: CliIo): Promise<number> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(eventPath === '-' ? '/dev/stdin' : eventPath, 'utf8'));
  } catch (error: unknown) {
    io.err(`herald replay: cannot read ${eventPath} as JSON: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  try {
    // Deliveries are planned, not sent: the deliver port only records them.
    const reactions = await handleRawEvent(raw, { config, enrich: offlineEnrich, deliver: () => Promise.resolve(), log: quietLog });
    for (const reaction of reactions) {
      if (reaction.decision.kind === 'ignore') io.err(`herald replay: ${reaction.eventId}: nothing to do (${reaction.decision.reason})`);
      for (const action of reaction.actions) io.out(JSON.stringify(action));
    }
    return 0;
  } catch (error: unknown) {
    if (error instanceof EventError) {
      io.err(`herald replay: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
