import * as v from 'valibot';
import { SEVERITIES } from './severities';

/**
 * The one Herald config file (`herald.config.yml`). Strict objects: a typo in a key is an
 * error at load time, not a silently ignored route. `npm run schema` publishes this schema
 * as JSON Schema for editor completion. (valibot keeps Lambda bundles small and cold starts short.)
 */

const nonEmpty = v.pipe(v.string(), v.minLength(1));
/** Glob patterns (`*`, `**`, `?`, `[a-z]`, `{a,b}`, `!negation`; see shared/util/glob.ts). */
const globs = (description = 'Glob patterns, e.g. "prod-*", "release/**", "!sandbox-*".') =>
  v.pipe(v.array(nonEmpty), v.minLength(1), v.description(description));

export const severitySchema = v.picklist(SEVERITIES);
export const sourceSchema = v.picklist(['codepipeline', 'codebuild', 'codecommit']);
export const formatSchema = v.picklist(['email', 'slack', 'chatbot', 'json']);

const targetSchema = v.pipe(
  v.strictObject({
    topic: v.pipe(
      v.string(),
      v.regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'topic must be a simple name such as "alerts"'),
      v.description('Logical topic name declared in serverless.yml; its ARN comes from env HERALD_TOPIC_<NAME>.'),
    ),
    format: v.optional(formatSchema, 'email'),
  }),
  v.description('An SNS topic and the rendering its subscribers expect.'),
);

const matchSchema = v.pipe(
  v.strictObject({
    source: v.optional(v.pipe(v.array(sourceSchema), v.minLength(1))),
    eventType: v.optional(globs('Event types, e.g. "pipeline.failed", "build.*".')),
    state: v.optional(v.pipe(v.array(nonEmpty), v.minLength(1), v.description('Upper-case states, e.g. FAILED, TIMED_OUT.'))),
    pipeline: v.optional(globs()),
    project: v.optional(globs()),
    repository: v.optional(globs()),
    branch: v.optional(globs()),
    severity: v.optional(v.pipe(v.array(severitySchema), v.minLength(1))),
    account: v.optional(v.pipe(v.array(v.pipe(v.string(), v.regex(/^\d{12}$/, 'an account id has 12 digits'))), v.minLength(1))),
    region: v.optional(globs()),
  }),
  v.description('Every listed field must match (AND); a list matches when any of its entries does (OR). Absent fields match anything.'),
);

const routeSchema = v.strictObject({
  name: nonEmpty,
  match: v.optional(matchSchema, {}),
  targets: v.pipe(v.array(nonEmpty), v.minLength(1)),
  final: v.optional(v.pipe(v.boolean(), v.description('Stop evaluating later routes when this one matches.')), false),
  successes: v.optional(
    v.pipe(v.boolean(), v.description('Also send success notices (pipeline.succeeded, build.succeeded) this route matches. Off: only a route whose match names their eventType gets them.')),
    false,
  ),
  notifyAuthor: v.optional(
    v.pipe(
      nonEmpty,
      v.description('A target (an SNS topic with one email subscription per person, filtered on the `author` attribute) that also gets the alert when the commit author is a known person.'),
    ),
  ),
});

const DEFAULT_SEVERITY = { FAULT: 'high', FAILED: 'high', TIMED_OUT: 'high', CANCELED: 'low', STOPPED: 'low', SUPERSEDED: 'info' } as const;

const alertsSchema = v.strictObject({
  states: v.optional(
    v.pipe(v.array(nonEmpty), v.minLength(1), v.description('States that produce an alert. Add SUPERSEDED to hear about runs a newer one replaced.')),
    () => ['FAILED', 'CANCELED', 'STOPPED', 'TIMED_OUT', 'FAULT'],
  ),
  foldIntoExecution: v.optional(v.pipe(v.boolean(), v.description('Fold stage and action failure events into the one alert of their pipeline execution.')), true),
  pipelineBuilds: v.optional(v.pipe(v.picklist(['skip', 'alert']), v.description("Builds started by CodePipeline are already reported by the pipeline's alert.")), 'skip'),
  buildPhaseEvents: v.optional(v.pipe(v.boolean(), v.description('Alert on CodeBuild phase-change events too.')), false),
  severity: v.optional(v.record(v.string(), severitySchema), () => ({ ...DEFAULT_SEVERITY })),
});

const enrichmentSchema = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  timeoutMs: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(20000), v.description('Budget for each enrichment call; past it the alert goes out with a note.')),
    3000,
  ),
});

const branchGlobs = (description: string) =>
  v.pipe(v.array(nonEmpty), v.description(description));

const pushRepositorySchema = v.strictObject({
  protectedBranches: v.optional(branchGlobs("Replaces push.protectedBranches for this repository (globs; [] analyses none of its branches).")),
  localPath: v.optional(
    v.pipe(nonEmpty, v.description('A local clone of the repository: `herald replay` then runs the analysis on it through git.')),
  ),
});

const pushAnalysisSchema = v.strictObject({
  maxFileBytes: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(6 * 1024 * 1024), v.description('Larger files are reported as not scanned (CodeCommit serves at most 6 MB per file).')),
    1048576,
  ),
  skipPaths: v.optional(
    v.pipe(v.array(nonEmpty), v.description("Vendored or generated paths not scanned (globs). Absent: the analysis engine's own list.")),
  ),
  genericEntropy: v.optional(v.pipe(v.boolean(), v.description('Also report generic high-entropy strings (never blocking; noisier).')), false),
  blobConcurrency: v.optional(
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(1),
      v.maxValue(50),
      v.description(
        'CodeCommit GetBlob calls in flight at once while a push is read (default 32; a modified file costs two calls, an added one one). At ~50 ms a call, 10,000 added files take about 16 s at 32, 62 s at 8. At most 50, the SDK HTTP agent\'s socket limit.',
      ),
    ),
  ),
});

const pushSchema = v.strictObject({
  protectedBranches: v.optional(
    branchGlobs('Branches whose pushes are analysed (globs, e.g. "main", "release/**"). Pushes to other branches are ignored.'),
    () => ['main', 'master'],
  ),
  tags: v.optional(v.pipe(v.boolean(), v.description('Analyse tag pushes too.')), false),
  repositories: v.optional(
    v.pipe(v.record(nonEmpty, pushRepositorySchema), v.description('Per-repository settings, by CodeCommit repository name.')),
  ),
  analysis: v.optional(pushAnalysisSchema, () => v.parse(pushAnalysisSchema, {})),
  commitComments: v.optional(
    v.pipe(v.boolean(), v.description('Also comment each finding on the pushed commit in CodeCommit (masked preview only).')),
    false,
  ),
  cleanSummary: v.optional(
    v.pipe(v.boolean(), v.description('Send a `push.clean` summary for pushes without findings (default: clean pushes send nothing).')),
    false,
  ),
});

const pullRequestsSchema = v.strictObject({
  analyze: v.optional(
    v.pipe(
      v.boolean(),
      v.description("Analyse each pull request's own changes (merge base to source tip) when it is created and when its source branch moves, with push.analysis's settings."),
    ),
    true,
  ),
  comments: v.optional(
    v.pipe(v.boolean(), v.description('Post the analysis on the pull request: one summary comment, and one comment per new finding at its file and line (masked).')),
    true,
  ),
  severity: v.optional(
    v.pipe(severitySchema, v.description('Severity of pull-request and comment activity alerts; an analysis with findings raises it to the highest finding severity.')),
    'info',
  ),
  buildHooks: v.optional(
    v.pipe(
      v.boolean(),
      v.description(
        "Run the build hooks (buildHooks.hooks) matching a created or updated pull request's repository and source branch, at its source commit; gated hooks wait for its analysis.",
      ),
    ),
    false,
  ),
});

const reconcileSchema = v.strictObject({
  enabled: v.optional(v.pipe(v.boolean(), v.description('Run the scheduled reconciliation sweep (the reconcile function).')), false),
  every: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^(1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))$/, 'a period such as "15 minutes", "1 hour" (EventBridge rate syntax)'),
      v.description('How often the sweep runs: an EventBridge rate, e.g. "15 minutes", "1 hour".'),
    ),
    '15 minutes',
  ),
  lookbackMinutes: v.optional(
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(5),
      v.maxValue(7 * 24 * 60),
      v.description('Executions and builds that ended this many minutes ago or later are checked. Longer than the period, so a run that fails just before a sweep is seen by the next one too.'),
    ),
    60,
  ),
  pipelines: v.optional(globs('Pipelines the sweep lists (globs over ListPipelines).'), () => ['*']),
  projects: v.optional(globs('CodeBuild projects the sweep lists (globs over ListProjects).'), () => ['*']),
});

const accountId = v.pipe(v.string(), v.regex(/^\d{12}$/, 'an account id has 12 digits'));
const slackMemberId = v.pipe(v.string(), v.regex(/^[UW][A-Z0-9]{2,20}$/, 'a Slack member id looks like U0123ABCD'));
const emailAddress = v.pipe(v.string(), v.regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, 'an email address such as jane@example.com'));

const personSchema = v.pipe(
  v.strictObject({
    name: v.optional(v.pipe(nonEmpty, v.description('Display name in alerts (default: the key).'))),
    slack: v.optional(v.pipe(slackMemberId, v.description('Slack member id: the Slack rendering mentions it as <@U…>.'))),
    email: v.optional(v.pipe(emailAddress, v.description('Where direct emails go; also the `author` attribute value their subscription filters on.'))),
    iam: v.optional(v.pipe(v.array(nonEmpty), v.description('IAM user names and role session names this person acts as (pushes, approvals).'))),
    commitEmails: v.optional(v.pipe(v.array(emailAddress), v.description('Commit author emails of this person (compared case-insensitively).'))),
  }),
  v.description('A person Herald can name, mention or email directly.'),
);

const accountSchema = v.strictObject({
  alias: v.optional(v.pipe(nonEmpty, v.description('Shown with the account id in every alert, e.g. "payments-prod".'))),
  enrichmentRoleArn: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/, 'an IAM role ARN'),
      v.description('Read-only role in this account that enrichment assumes (sts:AssumeRole). Without it, alerts from this account go out unenriched, with a note.'),
    ),
  ),
  home: v.optional(v.pipe(v.boolean(), v.description("Herald's own account: enriched with the function's own role.")), false),
});

const fanInSchema = v.pipe(
  v.strictObject({
    accounts: v.optional(v.pipe(v.array(accountId), v.minLength(1), v.description('Accounts whose default event buses may forward events to Herald (EventBridge bus policy).'))),
    organization: v.optional(
      v.pipe(v.string(), v.regex(/^o-[a-z0-9]{10,32}$/, 'an organization id such as o-a1b2c3d4e5'), v.description('Or: every account of this AWS Organization.')),
    ),
  }),
  v.check((fanIn) => (fanIn.accounts === undefined) !== (fanIn.organization === undefined), 'fanIn names either accounts or an organization'),
  v.description('Cross-account fan-in: serverless.yml declares a bus policy for exactly these accounts or this organization.'),
);

const approvalsSchema = v.strictObject({
  pipelines: v.optional(
    v.pipe(v.array(nonEmpty), v.description('Pipelines whose manual approvals (waiting, approved, rejected) produce alerts (globs; [] turns approvals off).')),
    () => ['*'],
  ),
  severity: v.optional(
    v.strictObject({
      waiting: v.optional(severitySchema, 'medium'),
      approved: v.optional(severitySchema, 'info'),
      rejected: v.optional(severitySchema, 'medium'),
    }),
    () => ({ waiting: 'medium' as const, approved: 'info' as const, rejected: 'medium' as const }),
  ),
});

// ---- Build hooks ----

/** A secret by name, read at run time: `ssm:/herald/jenkins-token`, `secretsmanager:herald/jenkins`, `env:NAME` (local runs only). */
const secretReference = v.pipe(
  v.string(),
  v.regex(/^(ssm:\/[A-Za-z0-9_.\-/]+|secretsmanager:[A-Za-z0-9/_+=.@:-]+|env:[A-Za-z_][A-Za-z0-9_]*)$/, 'a secret reference looks like ssm:/name, secretsmanager:name or env:NAME'),
  v.description('A secret by name (ssm:/name SecureString, secretsmanager:name, env:NAME for local runs); its value is read at run time.'),
);

/** The fields a payload template may name as `{{field}}`. */
export const BUILD_HOOK_TEMPLATE_FIELDS = [
  'eventId',
  'deliveryId',
  'repository',
  'branch',
  'commit',
  'previousCommit',
  'pusher',
  'time',
  'account',
  'region',
  'consoleUrl',
] as const;

const headerName = v.pipe(v.string(), v.regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'an HTTP header name'));

const webhookSigningSchema = v.pipe(
  v.picklist(['standard', 'github', 'token-header', 'token-query']),
  v.description(
    'standard: Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">); github: X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>; token-header / token-query: the secret itself in a header or query parameter (Jenkins Generic Webhook Trigger).',
  ),
);

const webhookHookTargetSchema = v.strictObject({
  type: v.literal('webhook'),
  url: v.pipe(v.string(), v.url('a webhook url is an absolute URL'), v.description('https, or http with allowHttp. No secrets in it: use signing token-query.')),
  secret: secretReference,
  signing: v.optional(webhookSigningSchema, 'standard'),
  tokenHeader: v.optional(v.pipe(headerName, v.description('Header carrying the token for signing token-header.')), 'X-Herald-Token'),
  tokenParameter: v.optional(v.pipe(nonEmpty, v.description('Query parameter carrying the token for signing token-query (Jenkins Generic Webhook Trigger reads `token`).')), 'token'),
  headers: v.optional(v.pipe(v.record(headerName, v.string()), v.description('Extra request headers (plain config values: never put a secret here).'))),
  payload: v.optional(
    v.pipe(
      v.record(v.string(), v.unknown()),
      v.description('A JSON template replacing the default payload: "{{field}}" in any string is replaced by that field (repository, branch, commit, previousCommit, pusher, time, account, region, consoleUrl, eventId, deliveryId).'),
    ),
  ),
  allowHttp: v.optional(v.pipe(v.boolean(), v.description('Allow a plain http URL (an internal Jenkins without TLS).')), false),
  connectTimeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(10_000)), 2000),
  timeoutMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(30_000), v.description('Total time of one attempt.')), 5000),
  maxAttempts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(6)), 3),
});

const envName = v.pipe(v.string(), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name'));

const codeBuildHookTargetSchema = v.strictObject({
  type: v.literal('codebuild'),
  project: v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,254}$/, 'a CodeBuild project name'), v.description('Project in the function\'s account and Region.')),
  environment: v.optional(v.pipe(v.record(envName, v.string()), v.description('Extra PLAINTEXT variables (not for secrets).'))),
  secretEnvironment: v.optional(
    v.pipe(
      v.record(envName, v.pipe(v.string(), v.regex(/^(ssm:\/|secretsmanager:).+/, 'ssm:/name or secretsmanager:name'))),
      v.description('Variables CodeBuild itself reads from Parameter Store (ssm:/name) or Secrets Manager (secretsmanager:name); Herald passes the name only. The project\'s service role needs read access.'),
    ),
  ),
});

const buildHookTargetSchema = v.variant('type', [webhookHookTargetSchema, codeBuildHookTargetSchema]);

const buildHookSchema = v.strictObject({
  name: v.optional(nonEmpty),
  repository: globs('CodeCommit repository names (globs).'),
  branch: globs('Branches whose pushes trigger the targets (globs, e.g. "main", "release/**").'),
  targets: v.pipe(v.array(nonEmpty), v.minLength(1)),
  gate: v.optional(
    v.pipe(
      v.boolean(),
      v.description('Wait for the push analysis and hold the targets back (with a note in the findings alert) when it has blocking findings. Applies to branches push analysis covers (push.protectedBranches).'),
    ),
    false,
  ),
});

const buildHooksSchema = v.pipe(
  v.strictObject({
    targets: v.optional(v.record(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]+$/, 'target names use letters, digits, ".", "_" and "-"')), buildHookTargetSchema), () => ({})),
    hooks: v.optional(v.array(buildHookSchema), () => []),
    allowHosts: v.optional(
      v.pipe(
        v.array(nonEmpty),
        v.description('Host names or IP addresses webhooks may reach even though they are (or resolve to) private, loopback or link-local addresses: a Jenkins inside the VPC.'),
      ),
      () => [],
    ),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { targets, hooks } = dataset.value;
    hooks.forEach((hook, index) => {
      for (const target of hook.targets) {
        if (!Object.hasOwn(targets, target)) addIssue({ message: `buildHooks.hooks[${index}]: unknown build hook target "${target}"` });
      }
    });
    for (const [name, target] of Object.entries(targets)) {
      if (target.type !== 'webhook') continue;
      const url = new URL(target.url);
      if (!/^https?:$/.test(url.protocol)) addIssue({ message: `buildHooks.targets.${name}.url must be http(s)` });
      // A token written into the config would end up in the template: it belongs in `secret`.
      if (url.username !== '' || url.password !== '' || (target.signing === 'token-query' && url.searchParams.has(target.tokenParameter))) {
        addIssue({ message: `buildHooks.targets.${name}.url must not carry credentials or the token: name it in secret` });
      }
      const unknown = templatePlaceholders(target.payload).filter((field) => !BUILD_HOOK_TEMPLATE_FIELDS.some((known) => known === field));
      if (unknown.length > 0) addIssue({ message: `buildHooks.targets.${name}.payload names unknown field(s) ${unknown.join(', ')}` });
    }
  }),
);

/** Every `{{field}}` named in a payload template's strings and keys. */
export function templatePlaceholders(template: unknown): string[] {
  if (typeof template === 'string') return [...template.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((match) => match[1] ?? '');
  if (Array.isArray(template)) return template.flatMap(templatePlaceholders);
  if (typeof template === 'object' && template !== null) return Object.entries(template).flatMap(([key, value]) => [...templatePlaceholders(key), ...templatePlaceholders(value)]);
  return [];
}

const noiseSchema = v.strictObject({
  repeatFailures: v.optional(
    v.pipe(
      v.picklist(['suppress', 'alert']),
      v.description('A failure of a pipeline or build project that is already failing (another execution or build failed before, no success since): `suppress` it, or `alert` again.'),
    ),
    'suppress',
  ),
  recovered: v.optional(
    v.pipe(v.boolean(), v.description('Send `pipeline.recovered` / `build.recovered` on the first success after a failure, routed like that failure.')),
    true,
  ),
});

export const configSchema = v.pipe(
  v.strictObject({
    $schema: v.optional(v.string()),
    version: v.literal(1),
    targets: v.record(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]+$/, 'target names use letters, digits, ".", "_" and "-"')), targetSchema),
    routes: v.optional(v.array(routeSchema), () => []),
    alerts: v.optional(alertsSchema, () => v.parse(alertsSchema, {})),
    enrichment: v.optional(enrichmentSchema, () => v.parse(enrichmentSchema, {})),
    push: v.optional(
      v.pipe(pushSchema, v.description('CodeCommit push analysis: findings go through `routes` as source codecommit, eventType push.findings (push.clean).')),
      () => v.parse(pushSchema, {}),
    ),
    pullRequests: v.optional(
      v.pipe(
        pullRequestsSchema,
        v.description('CodeCommit pull requests and comments: routed as source codecommit, eventType pull-request.* and comment.*; pull requests analysed and commented.'),
      ),
      () => v.parse(pullRequestsSchema, {}),
    ),
    reconcile: v.optional(
      v.pipe(reconcileSchema, v.description('A scheduled sweep that alerts on failed pipeline executions and builds no event reported, with the same de-duplication keys.')),
      () => v.parse(reconcileSchema, {}),
    ),
    people: v.optional(v.pipe(v.record(nonEmpty, personSchema), v.description('People by a short key: who a commit author or an IAM identity is, and how to reach them.'))),
    accounts: v.optional(v.pipe(v.record(accountId, accountSchema), v.description('Accounts events come from: alias shown in alerts, role for enrichment.'))),
    fanIn: v.optional(fanInSchema),
    approvals: v.optional(
      v.pipe(approvalsSchema, v.description('CodePipeline manual approval actions (category Approval, provider Manual).')),
      () => v.parse(approvalsSchema, {}),
    ),
    buildHooks: v.optional(
      v.pipe(buildHooksSchema, v.description('Build hooks: pushes to matching repositories and branches notify webhooks (Jenkins, TeamCity, any receiver) and start CodeBuild builds, once per push and target.')),
      () => v.parse(buildHooksSchema, {}),
    ),
    noise: v.optional(
      v.pipe(noiseSchema, v.description('Noise control from the state Herald keeps per pipeline and build project (Lambda only: `herald replay` has no state).')),
      () => v.parse(noiseSchema, {}),
    ),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    dataset.value.routes.forEach((route, index) => {
      for (const target of route.targets) {
        if (!(target in dataset.value.targets)) {
          addIssue({
            message: `unknown target "${target}"`,
            path: [
              { type: 'object', origin: 'value', input: dataset.value, key: 'routes', value: dataset.value.routes },
              { type: 'array', origin: 'value', input: dataset.value.routes, key: index, value: route },
              { type: 'object', origin: 'value', input: route, key: 'targets', value: route.targets },
            ],
          });
        }
      }
    });
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    dataset.value.routes.forEach((route, index) => {
      if (route.notifyAuthor !== undefined && !(route.notifyAuthor in dataset.value.targets)) {
        addIssue({
          message: `unknown notifyAuthor target "${route.notifyAuthor}"`,
          path: [
            { type: 'object', origin: 'value', input: dataset.value, key: 'routes', value: dataset.value.routes },
            { type: 'array', origin: 'value', input: dataset.value.routes, key: index, value: route },
          ],
        });
      }
    });
  }),
);

export type HeraldConfig = v.InferOutput<typeof configSchema>;
export type RouteMatch = v.InferOutput<typeof matchSchema>;
export type Target = v.InferOutput<typeof targetSchema>;
export type Severity = v.InferOutput<typeof severitySchema>;
export type EventSource = v.InferOutput<typeof sourceSchema>;
export type MessageFormat = v.InferOutput<typeof formatSchema>;
export type PushConfig = v.InferOutput<typeof pushSchema>;
export type PullRequestsConfig = v.InferOutput<typeof pullRequestsSchema>;
export type ReconcileConfig = v.InferOutput<typeof reconcileSchema>;
export type Person = v.InferOutput<typeof personSchema>;
export type AccountSettings = v.InferOutput<typeof accountSchema>;
export type FanIn = v.InferOutput<typeof fanInSchema>;
export type BuildHooksConfig = v.InferOutput<typeof buildHooksSchema>;
export type BuildHookTarget = v.InferOutput<typeof buildHookTargetSchema>;
export type WebhookHookTarget = v.InferOutput<typeof webhookHookTargetSchema>;
export type CodeBuildHookTarget = v.InferOutput<typeof codeBuildHookTargetSchema>;
export type BuildHookTemplateField = (typeof BUILD_HOOK_TEMPLATE_FIELDS)[number];
