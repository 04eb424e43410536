import type { BuildChange, PipelineExecutionChange, ReferenceChange } from '../../shared/events/domain';
import type { Finding } from '../../shared/analysis/types';
import type { HeraldConfig } from '../../shared/config/schema';
import { validateConfig } from '../../shared/config/validate';

/** Typed builders for domain events: a sensible failed event, overridden per test. */
export function pipelineEvent(overrides: Partial<PipelineExecutionChange> = {}): PipelineExecutionChange {
  return {
    kind: 'pipeline',
    level: 'pipeline',
    eventId: 'evt-1',
    delivery: 'eventbridge',
    time: '2026-11-27T10:00:00Z',
    account: '111122223333',
    region: 'eu-west-1',
    pipeline: 'prod-api',
    executionId: 'exec-1',
    state: 'FAILED',
    ...overrides,
  };
}

export function buildEvent(overrides: Partial<BuildChange> = {}): BuildChange {
  return {
    kind: 'build',
    level: 'build',
    eventId: 'evt-b1',
    delivery: 'eventbridge',
    time: '2026-11-27T10:00:00Z',
    account: '111122223333',
    region: 'eu-west-1',
    project: 'api-tests',
    buildArn: 'arn:aws:codebuild:eu-west-1:111122223333:build/api-tests:0b6c3a86-2e7a-4bd5-9c4b-2f0d5a1e9f11',
    buildNumber: 42,
    state: 'FAILED',
    phaseContext: [],
    phases: [
      { type: 'INSTALL', status: 'SUCCEEDED', context: [] },
      { type: 'BUILD', status: 'FAILED', context: ['COMMAND_EXECUTION_ERROR: Error while executing command: make test. Reason: exit status 2'] },
    ],
    initiator: 'alice',
    ...overrides,
  };
}

type OptionalPushField = 'branch' | 'tag' | 'commitId' | 'oldCommitId' | 'pusher' | 'customData' | 'part' | 'triggerName';

/** A push to main as EventBridge reports it (old and new tips), overridden per test, without the `remove`d fields. */
export function pushEvent(overrides: Partial<ReferenceChange> = {}, remove: readonly OptionalPushField[] = []): ReferenceChange {
  const event: { -readonly [K in keyof ReferenceChange]: ReferenceChange[K] } = {
    kind: 'push',
    eventId: 'evt-p1',
    delivery: 'eventbridge',
    time: '2026-11-27T10:00:00Z',
    account: '111122223333',
    region: 'eu-west-1',
    repository: 'api',
    ref: 'refs/heads/main',
    branch: 'main',
    commitId: 'b'.repeat(40),
    oldCommitId: 'a'.repeat(40),
    change: 'updated',
    isTest: false,
    pusher: 'arn:aws:iam::111122223333:user/dev',
    ...overrides,
  };
  for (const field of remove) delete event[field];
  return event;
}

/** A config from a plain object, validated (and defaulted) like a loaded file. */
export function config(input: Record<string, unknown> = {}): HeraldConfig {
  return validateConfig({
    version: 1,
    targets: { email: { topic: 'alerts', format: 'email' }, chat: { topic: 'chat', format: 'chatbot' } },
    routes: [{ name: 'all', targets: ['email'] }],
    ...input,
  }, 'test config');
}

/** A blocking secret finding, as the engine reports it (masked preview, fingerprint only). */
export function blockingFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: 'aws-access-key-id',
    kind: 'AWS access key id',
    category: 'secret',
    file: 'src/config.ts',
    line: 3,
    column: 7,
    severity: 'critical',
    blocking: true,
    preview: 'AKIA************WXYZ',
    fingerprint: 'f'.repeat(16),
    message: 'An AWS access key id.',
    ...overrides,
  };
}
