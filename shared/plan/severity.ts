import type { Severity } from '../config/schema';
import { SEVERITIES } from '../config/severities';

/** True when `a` is more severe than `b`. */
export function isMoreSevere(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) < SEVERITIES.indexOf(b);
}

/** The more severe of two severities. */
export function moreSevere(a: Severity, b: Severity): Severity {
  return isMoreSevere(b, a) ? b : a;
}

/** The most severe of a list, `info` for none. */
export function mostSevere(severities: Iterable<Severity>): Severity {
  let most: Severity = 'info';
  for (const severity of severities) most = moreSevere(most, severity);
  return most;
}
