/**
 * Pure planning of build hooks: which webhook posts and CodeBuild builds a commit to build
 * leads to. The input is a generic "commit to build" (a push today; a pull request's source
 * commit can reuse it), so nothing here knows how the commit was announced.
 */
import { createHash } from 'node:crypto';
import type { BuildHookTarget, BuildHookTemplateField, CodeBuildHookTarget, HeraldConfig, WebhookHookTarget } from '../config/schema';
import type { DomainEvent, PullRequestChange, ReferenceChange, RepositoryActivityEvent } from '../events/domain';
import { anyGlobMatcher } from '../util/glob';
import type { BuildHookAction, CodeBuildEnvironmentVariable, CodeBuildStartBuildAction, WebhookPostAction, WebhookSigning } from './actions';
import { effectKey } from './identity';
import { codeCommitCommitUrl } from './links';

/** A commit some build system should build, and the event that announced it. */
export interface CommitToBuild {
  /** The announcing event: build hooks are de-duplicated on its effect identity. */
  readonly source: DomainEvent;
  readonly repository: string;
  readonly branch: string;
  readonly commit: string;
  /** The branch's tip before the push, when the event says (EventBridge does, triggers do not). */
  readonly previousCommit?: string;
  /** ARN of who pushed. */
  readonly pusher?: string;
  /** ISO-8601 time of the push. */
  readonly time: string;
  readonly account: string;
  readonly region: string;
}

const NULL_COMMIT = /^0+$/;

/** The commit a push asks to build: a branch created or updated to a real commit; nothing for tags, deletions, test triggers. */
export function commitToBuildOfPush(event: ReferenceChange): CommitToBuild | undefined {
  if (event.isTest || event.change === 'deleted' || event.branch === undefined) return undefined;
  if (event.commitId === undefined || NULL_COMMIT.test(event.commitId)) return undefined;
  const previous = event.oldCommitId !== undefined && !NULL_COMMIT.test(event.oldCommitId) ? event.oldCommitId : undefined;
  return {
    source: event,
    repository: event.repository,
    branch: event.branch,
    commit: event.commitId,
    ...(previous === undefined ? {} : { previousCommit: previous }),
    ...(event.pusher === undefined ? {} : { pusher: event.pusher }),
    time: event.time,
    account: event.account,
    region: event.region,
  };
}

/** The commit a pull request asks to build (`pullRequests.buildHooks`): its source tip, when it was created or its source branch moved. */
export function commitToBuildOfPullRequest(event: PullRequestChange): CommitToBuild | undefined {
  if (event.action !== 'created' && event.action !== 'source-updated') return undefined;
  if (event.status.toLowerCase() !== 'open' || event.isMerged || event.sourceBranch === undefined || NULL_COMMIT.test(event.sourceCommit)) return undefined;
  const by = event.caller ?? event.author;
  return {
    source: event,
    repository: event.repository,
    branch: event.sourceBranch,
    commit: event.sourceCommit,
    ...(by === undefined ? {} : { pusher: by }),
    time: event.time,
    account: event.account,
    region: event.region,
  };
}

/** The de-duplication key of a build hook: build hook targets have their own namespace next to alert targets. */
export function buildHookKey(build: CommitToBuild, target: string): string {
  return effectKey(build.source, `build-hook:${target}`);
}

function digest(parts: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** `webhook-id`: the same for every attempt and every delivery of one push to one target. */
export function webhookIdOf(dedupeKey: string): string {
  return `msg_${digest([dedupeKey]).slice(0, 32)}`;
}

/** StartBuild's idempotency token, from the event identity, the commit and the target. */
export function idempotencyTokenOf(build: CommitToBuild, target: string): string {
  return `herald-${digest([buildHookKey(build, target), build.commit, target]).slice(0, 48)}`;
}

/** The values a payload template can name, and the default payload's `data`. */
export function templateValues(build: CommitToBuild, deliveryId: string): Record<BuildHookTemplateField, string | undefined> {
  return {
    eventId: build.source.eventId,
    deliveryId,
    repository: build.repository,
    branch: build.branch,
    commit: build.commit,
    previousCommit: build.previousCommit,
    pusher: build.pusher,
    time: build.time,
    account: build.account,
    region: build.region,
    consoleUrl: codeCommitCommitUrl(build.region, build.repository, build.commit),
  };
}

/**
 * The documented default body (README "Build hooks"): `{ type, timestamp, data }` as Standard
 * Webhooks suggests; unknown previous commit and pusher are null.
 */
export function defaultPayload(build: CommitToBuild, deliveryId: string): unknown {
  const values = templateValues(build, deliveryId);
  return {
    type: 'herald.push',
    timestamp: build.time,
    data: {
      deliveryId,
      repository: values.repository,
      branch: values.branch,
      commit: values.commit,
      previousCommit: values.previousCommit ?? null,
      pusher: values.pusher ?? null,
      time: values.time,
      account: values.account,
      region: values.region,
      consoleUrl: values.consoleUrl,
    },
  };
}

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const WHOLE_PLACEHOLDER = /^\{\{\s*([^}]*?)\s*\}\}$/;

function isField(name: string, values: Record<BuildHookTemplateField, string | undefined>): name is BuildHookTemplateField {
  return Object.hasOwn(values, name);
}

/**
 * Fills a payload template: `{{field}}` inside strings (and keys) is replaced by the field's
 * value; a string that is one placeholder of an unknown value becomes null. Values are
 * inserted as data and serialised by JSON.stringify, so they cannot break the JSON.
 */
export function renderTemplate(template: unknown, values: Record<BuildHookTemplateField, string | undefined>): unknown {
  const fill = (text: string): string => text.replace(PLACEHOLDER, (_match, name: string) => (isField(name, values) ? (values[name] ?? '') : ''));
  if (typeof template === 'string') {
    const whole = WHOLE_PLACEHOLDER.exec(template)?.[1];
    if (whole !== undefined && isField(whole, values) && values[whole] === undefined) return null;
    return fill(template);
  }
  if (Array.isArray(template)) return template.map((item) => renderTemplate(item, values));
  if (typeof template === 'object' && template !== null) {
    return Object.fromEntries(Object.entries(template).map(([key, value]) => [fill(key), renderTemplate(value, values)]));
  }
  return template;
}

function signingOf(target: WebhookHookTarget): WebhookSigning {
  switch (target.signing) {
    case 'standard':
    case 'github':
      return { scheme: target.signing };
    case 'token-header':
      return { scheme: 'token-header', header: target.tokenHeader };
    case 'token-query':
      return { scheme: 'token-query', parameter: target.tokenParameter };
  }
}

function webhookAction(build: CommitToBuild, name: string, target: WebhookHookTarget, gated: boolean): WebhookPostAction {
  const dedupeKey = buildHookKey(build, name);
  const webhookId = webhookIdOf(dedupeKey);
  const payload = target.payload === undefined ? defaultPayload(build, webhookId) : renderTemplate(target.payload, templateValues(build, webhookId));
  const configured = Object.fromEntries(Object.entries(target.headers ?? {}).map(([header, value]) => [header.toLowerCase(), value]));
  return {
    type: 'webhook.post',
    target: name,
    url: target.url,
    headers: {
      ...configured,
      'content-type': 'application/json',
      'user-agent': 'Herald-Build-Hooks',
      // Every scheme carries the id, so any receiver can de-duplicate.
      'webhook-id': webhookId,
    },
    body: JSON.stringify(payload),
    webhookId,
    signing: signingOf(target),
    secret: target.secret,
    allowHttp: target.allowHttp,
    connectTimeoutMs: target.connectTimeoutMs,
    timeoutMs: target.timeoutMs,
    maxAttempts: target.maxAttempts,
    gated,
    dedupeKey,
  };
}

/** HERALD_* first, then configured plaintext extras, then secrets by name (never their values). */
function environmentOf(build: CommitToBuild, target: CodeBuildHookTarget): CodeBuildEnvironmentVariable[] {
  const herald: CodeBuildEnvironmentVariable[] = [
    { name: 'HERALD_REPOSITORY', value: build.repository, type: 'PLAINTEXT' },
    { name: 'HERALD_BRANCH', value: build.branch, type: 'PLAINTEXT' },
    { name: 'HERALD_COMMIT', value: build.commit, type: 'PLAINTEXT' },
    ...(build.previousCommit === undefined ? [] : [{ name: 'HERALD_PREVIOUS_COMMIT', value: build.previousCommit, type: 'PLAINTEXT' as const }]),
  ];
  const plain = Object.entries(target.environment ?? {}).map(([name, value]): CodeBuildEnvironmentVariable => ({ name, value, type: 'PLAINTEXT' }));
  const secret = Object.entries(target.secretEnvironment ?? {}).map(([name, reference]): CodeBuildEnvironmentVariable =>
    reference.startsWith('ssm:')
      ? { name, value: reference.slice('ssm:'.length), type: 'PARAMETER_STORE' }
      : { name, value: reference.slice('secretsmanager:'.length), type: 'SECRETS_MANAGER' },
  );
  const seen = new Set<string>();
  // A configured variable cannot replace what Herald sets: the first of a name wins.
  return [...herald, ...plain, ...secret].filter((variable) => !seen.has(variable.name) && Boolean(seen.add(variable.name)));
}

function startBuildAction(build: CommitToBuild, name: string, target: CodeBuildHookTarget, gated: boolean): CodeBuildStartBuildAction {
  return {
    type: 'codebuild.startBuild',
    target: name,
    projectName: target.project,
    sourceVersion: build.commit,
    environmentVariablesOverride: environmentOf(build, target),
    idempotencyToken: idempotencyTokenOf(build, name),
    gated,
    dedupeKey: buildHookKey(build, name),
  };
}

function actionFor(build: CommitToBuild, name: string, target: BuildHookTarget, gated: boolean): BuildHookAction {
  switch (target.type) {
    case 'webhook':
      return webhookAction(build, name, target, gated);
    case 'codebuild':
      return startBuildAction(build, name, target, gated);
  }
}

/**
 * The build hook actions for a commit: one per target of every hook whose repository and branch
 * globs match, each target once (gated when any hook naming it gates), in config order.
 */
export function planBuildHooks(build: CommitToBuild, config: HeraldConfig): BuildHookAction[] {
  const { targets, hooks } = config.buildHooks;
  const gatedByTarget = new Map<string, boolean>();
  for (const hook of hooks) {
    if (!anyGlobMatcher(hook.repository)(build.repository) || !anyGlobMatcher(hook.branch)(build.branch)) continue;
    for (const target of hook.targets) gatedByTarget.set(target, (gatedByTarget.get(target) ?? false) || hook.gate);
  }
  return [...gatedByTarget].flatMap(([name, gated]) => {
    const target = Object.hasOwn(targets, name) ? targets[name] : undefined;
    return target === undefined ? [] : [actionFor(build, name, target, gated)];
  });
}

export interface GatedBuildHooks {
  readonly run: readonly BuildHookAction[];
  readonly held: readonly BuildHookAction[];
}

/** Splits planned hooks by the analysis verdict: gated ones are held back when it found something blocking. */
export function gateBuildHooks(actions: readonly BuildHookAction[], hasBlockingFindings: boolean): GatedBuildHooks {
  if (!hasBlockingFindings) return { run: actions, held: [] };
  return { run: actions.filter((action) => !action.gated), held: actions.filter((action) => action.gated) };
}

/** The note a findings alert carries when it held build hooks back. */
export function heldHooksNote(held: readonly BuildHookAction[]): string {
  return `Build hooks held back because of blocking findings: ${held.map((action) => action.target).join(', ')}. Push a fix (or revert) to trigger them.`;
}

/** The build hooks of a pull-request event (`pullRequests.buildHooks`), gated by its analysis' verdict. */
export function planPullRequestBuildHooks(event: RepositoryActivityEvent, config: HeraldConfig, hasBlockingFindings: boolean): GatedBuildHooks {
  const build = event.kind === 'pull-request' && config.pullRequests.buildHooks ? commitToBuildOfPullRequest(event) : undefined;
  return gateBuildHooks(build === undefined ? [] : planBuildHooks(build, config), hasBlockingFindings);
}
