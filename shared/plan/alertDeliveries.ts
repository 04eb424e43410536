/**
 * What a failure-alert event the planner decided to report becomes: its alert, with people and
 * accounts (./reach.ts), and one SNS publish per routed target, rendered (./deliveries.ts).
 * Pure. One module, so the alert use case imports it, and rendering with it, on the first
 * event that alerts.
 */
import type { Alert } from '../alerts/alert';
import type { HeraldConfig, Severity } from '../config/schema';
import type { AlertEvent } from '../events/domain';
import type { SnsPublishAction } from './actions';
import { planDeliveries } from './deliveries';
import type { Facts } from './facts';
import { planAlert } from './reach';

export function planAlertDeliveries(
  event: AlertEvent,
  eventType: string,
  severity: Severity,
  facts: Facts,
  config: HeraldConfig,
): { readonly alert: Alert; readonly deliveries: SnsPublishAction[] } {
  const alert = planAlert(event, eventType, severity, facts, config);
  return { alert, deliveries: planDeliveries(event, alert, config) };
}
