/** What a finding may say about its secret: a masked preview and a salted fingerprint. */
import { createHash } from 'node:crypto';

const MASK = '*';
/** Long secrets get a fixed-width mask, so the preview does not give their exact length away. */
const MAX_MASK = 16;

/**
 * The secret with its middle masked: at most 4 leading and 4 trailing characters stay visible
 * (for secrets of 24 characters and more), fewer for shorter ones, never more than a third of
 * the secret, nothing at all under 8 characters. Whitespace (multi-line keys) is dropped first.
 */
export function maskSecret(secret: string): string {
  const chars = [...secret.replace(/\s+/g, '')];
  const length = chars.length;
  if (length === 0) return '';
  const visible = length < 8 ? 0 : Math.min(8, Math.floor(length / 3));
  const lead = Math.ceil(visible / 2);
  const trail = visible - lead;
  const hidden = length - visible;
  return chars.slice(0, lead).join('') + MASK.repeat(Math.min(hidden, MAX_MASK)) + (trail > 0 ? chars.slice(length - trail).join('') : '');
}

/**
 * Salted SHA-256 of rule and secret, hex: the same secret under the same rule has the same
 * fingerprint wherever it appears (so a baseline can accept it), and without the salt a short
 * secret cannot be recovered by hashing guesses.
 */
export function fingerprint(rule: string, secret: string, salt: string): string {
  return createHash('sha256').update(salt).update('\0').update(rule).update('\0').update(secret).digest('hex');
}
