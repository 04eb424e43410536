import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Deliver } from '../../app/ports';
import type { DeliveryAction } from '../../plan/actions';

/**
 * The local stand-in for SNS: each delivery is appended to a JSON-lines file and printed
 * readably, so `herald dev` shows what subscribers would receive.
 */
export function buildOutboxDeliver(path: string, print: (text: string) => void): Deliver {
  let ready: Promise<unknown> | undefined;
  return async (action) => {
    ready ??= mkdir(dirname(path), { recursive: true });
    await ready;
    await appendFile(path, `${JSON.stringify({ deliveredAt: new Date().toISOString(), ...action })}\n`, 'utf8');
    print(describeDelivery(action));
  };
}

/** A human-readable view of a delivery: full text for email, a summary for JSON payloads. */
export function describeDelivery(action: DeliveryAction): string {
  const rule = '─'.repeat(72);
  const header = `${rule}\n→ ${action.target} (topic ${action.topic}, ${action.format})  ${JSON.stringify(action.attributes)}\nSubject: ${action.subject}`;
  const body = action.format === 'email' ? action.message : `${action.format} payload, ${Buffer.byteLength(action.message, 'utf8')} bytes`;
  return `${header}\n\n${body}\n`;
}
