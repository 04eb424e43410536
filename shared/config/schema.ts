import * as v from 'valibot';

/**
 * The one Herald config file (`herald.config.yml`). Strict objects: a typo in a key is an
 * error at load time, not a silently ignored route. `npm run schema` publishes this schema
 * as JSON Schema for editor completion. (valibot keeps Lambda bundles small and cold starts short.)
 */

const nonEmpty = v.pipe(v.string(), v.minLength(1));
/** Glob patterns (`*`, `**`, `?`, `[a-z]`, `{a,b}`, `!negation`; see shared/util/glob.ts). */
const globs = (description = 'Glob patterns, e.g. "prod-*", "release/**", "!sandbox-*".') =>
  v.pipe(v.array(nonEmpty), v.minLength(1), v.description(description));

export const severitySchema = v.picklist(['critical', 'high', 'medium', 'low', 'info']);
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
);

export type HeraldConfig = v.InferOutput<typeof configSchema>;
export type RouteMatch = v.InferOutput<typeof matchSchema>;
export type Target = v.InferOutput<typeof targetSchema>;
export type Severity = v.InferOutput<typeof severitySchema>;
export type EventSource = v.InferOutput<typeof sourceSchema>;
export type MessageFormat = v.InferOutput<typeof formatSchema>;
export type PushConfig = v.InferOutput<typeof pushSchema>;
