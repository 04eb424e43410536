/**
 * Credential-shaped test values, assembled at run time (by the engine's own deterministic
 * generator) so that no file in the repository holds a string a secret scanner would flag.
 * Each seed gives a different value; the same seed always the same one.
 */
import { BASE32, fakeToken } from '../../shared/analysis/rules/fake';

/** An AWS access key id shape: `AKIA` and 16 base32 characters. */
export function fakeAwsAccessKeyId(seed: number): string {
  return fakeToken('AKIA', 16, BASE32, 90_000 + seed);
}
