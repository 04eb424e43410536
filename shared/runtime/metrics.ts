import type { CountMetric, MetricName } from '../app/ports';

/** Count metrics of one invocation, written as one CloudWatch Embedded Metric Format document. */
export interface InvocationMetrics {
  readonly count: CountMetric;
  /** Writes the counts gathered since the last flush to stdout (the function's log) and resets them. */
  flush(): void;
}

/**
 * CloudWatch metrics in Embedded Metric Format (namespace `Herald`, dimension `service`): one
 * JSON line per invocation in the function's log, which CloudWatch turns into metrics; no API
 * call and no permission. Written by hand: the format is one small document, and a library for
 * it would be loaded at every cold start. `HERALD_METRICS=off` silences it (tests).
 */
export function createMetrics(serviceName: string, env: NodeJS.ProcessEnv = process.env): InvocationMetrics {
  const service = `herald-${serviceName}`;
  const counts = new Map<MetricName, number>();
  return {
    count: (name, value = 1) => {
      counts.set(name, (counts.get(name) ?? 0) + value);
    },
    flush: () => {
      if (counts.size > 0 && env.HERALD_METRICS !== 'off') {
        const document = {
          _aws: { Timestamp: Date.now(), CloudWatchMetrics: [{ Namespace: 'Herald', Dimensions: [['service']], Metrics: [...counts.keys()].map((name) => ({ Name: name, Unit: 'Count' })) }] },
          service,
          ...Object.fromEntries(counts),
        };
        process.stdout.write(`${JSON.stringify(document)}\n`);
      }
      counts.clear();
    },
  };
}
