import { createMetrics } from '../../../shared/runtime/metrics';

function written(run: () => void): string[] {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

describe('createMetrics', () => {
  it('writes one EMF document per flush with the counts since the last one, then starts again', () => {
    const metrics = createMetrics('push-events', { HERALD_METRICS: 'on' });
    const lines = written(() => {
      metrics.count('EventsReceived');
      metrics.count('Findings', 3);
      metrics.count('Findings', 2);
      metrics.flush();
      metrics.flush();
      metrics.count('AlertsSent');
      metrics.flush();
    });

    const [first, second, ...rest] = lines.map((line) => JSON.parse(line));
    expect(rest).toEqual([]);
    expect(first).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [{ Namespace: 'Herald', Dimensions: [['service']], Metrics: [{ Name: 'EventsReceived', Unit: 'Count' }, { Name: 'Findings', Unit: 'Count' }] }],
      },
      service: 'herald-push-events',
      EventsReceived: 1,
      Findings: 5,
    });
    expect(second).toMatchObject({ AlertsSent: 1 });
    expect(second).not.toHaveProperty('Findings');
  });

  it('writes nothing when switched off', () => {
    const metrics = createMetrics('push-events', { HERALD_METRICS: 'off' });
    expect(
      written(() => {
        metrics.count('AlertsSent');
        metrics.flush();
      }),
    ).toEqual([]);
  });
});
