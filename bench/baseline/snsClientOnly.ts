// Cold-start baseline for bench/coldStart.ts: the least a Herald function that publishes to
// SNS must load. One SNS client built at module scope, as the real functions do, and a
// handler that does nothing. Bundled with the same esbuild options; never deployed.
import { SNSClient } from '@aws-sdk/client-sns';

const client = new SNSClient({});

export const handler = (): Promise<{ readonly ok: boolean }> => Promise.resolve({ ok: client instanceof SNSClient });
