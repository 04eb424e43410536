import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CountMetric } from '../app/ports';

/**
 * CloudWatch metrics in Embedded Metric Format, namespace `Herald`, dimension `service`: one
 * document per invocation, written to the function's log by heraldHandler (no API call).
 */
export function createMetrics(serviceName: string): { readonly metrics: Metrics; readonly count: CountMetric } {
  const metrics = new Metrics({ namespace: 'Herald', serviceName: `herald-${serviceName}` });
  return { metrics, count: (name, value = 1) => metrics.addMetric(name, MetricUnit.Count, value) };
}
