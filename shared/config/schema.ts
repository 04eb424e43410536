import * as z from 'zod/mini';

/**
 * The one Herald config file (`herald.config.yml`). Strict objects: a typo in a key is an
 * error at load time, not a silently ignored route. `npm run schema` publishes this schema
 * as JSON Schema for editor completion. (zod/mini keeps Lambda bundles small.)
 */

/** Attaches a description that the published JSON Schema shows in editors. */
function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  z.globalRegistry.add(schema, { description });
  return schema;
}

const nonEmpty = z.string().check(z.minLength(1));
/** Glob patterns (picomatch syntax: `*`, `**`, `{a,b}`, `!negation`); a new schema per field, so descriptions stay apart. */
const globs = () => z.array(nonEmpty).check(z.minLength(1));

export const severitySchema = z.enum(['critical', 'high', 'medium', 'low', 'info']);
export const sourceSchema = z.enum(['codepipeline', 'codebuild', 'codecommit']);
export const formatSchema = z.enum(['email', 'slack', 'chatbot', 'json']);

const targetSchema = described(
  z.strictObject({
    topic: described(
      z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'topic must be a simple name such as "alerts"')),
      'Logical topic name declared in serverless.yml; its ARN comes from env HERALD_TOPIC_<NAME>.',
    ),
    format: z._default(formatSchema, 'email'),
  }),
  'An SNS topic and the rendering its subscribers expect.',
);

const matchSchema = described(
  z.strictObject({
    source: z.optional(z.array(sourceSchema).check(z.minLength(1))),
    eventType: z.optional(described(globs(), 'e.g. "pipeline.failed", "build.*"')),
    state: z.optional(described(z.array(nonEmpty).check(z.minLength(1)), 'Upper-case states, e.g. FAILED, TIMED_OUT.')),
    pipeline: z.optional(globs()),
    project: z.optional(globs()),
    repository: z.optional(globs()),
    branch: z.optional(globs()),
    severity: z.optional(z.array(severitySchema).check(z.minLength(1))),
    account: z.optional(z.array(z.string().check(z.regex(/^\d{12}$/))).check(z.minLength(1))),
    region: z.optional(globs()),
  }),
  'Every listed field must match (AND); a list matches when any of its entries does (OR). Absent fields match anything.',
);

const routeSchema = z.strictObject({
  name: nonEmpty,
  match: z._default(matchSchema, {}),
  targets: z.array(nonEmpty).check(z.minLength(1)),
  final: z._default(described(z.boolean(), 'Stop evaluating later routes when this one matches.'), false),
});

const alertsSchema = z.strictObject({
  states: z._default(
    described(z.array(nonEmpty).check(z.minLength(1)), 'States that produce an alert. Add SUPERSEDED to hear about runs a newer one replaced.'),
    ['FAILED', 'CANCELED', 'STOPPED', 'TIMED_OUT', 'FAULT'],
  ),
  foldIntoExecution: z._default(described(z.boolean(), 'Fold stage and action failure events into the one alert of their pipeline execution.'), true),
  pipelineBuilds: z._default(described(z.enum(['skip', 'alert']), "Builds started by CodePipeline are already reported by the pipeline's alert."), 'skip'),
  buildPhaseEvents: z._default(described(z.boolean(), 'Alert on CodeBuild phase-change events too.'), false),
  severity: z._default(z.record(z.string(), severitySchema), {
    FAULT: 'high',
    FAILED: 'high',
    TIMED_OUT: 'high',
    CANCELED: 'low',
    STOPPED: 'low',
    SUPERSEDED: 'info',
  }),
});

const enrichmentSchema = z.strictObject({
  enabled: z._default(z.boolean(), true),
  timeoutMs: z._default(
    described(z.number().check(z.int(), z.minimum(100), z.maximum(20000)), 'Budget for each enrichment call; past it the alert goes out with a note.'),
    3000,
  ),
});

export const configSchema = z
  .strictObject({
    $schema: z.optional(z.string()),
    version: z.literal(1),
    targets: z.record(z.string().check(z.regex(/^[A-Za-z0-9_.-]+$/)), targetSchema),
    routes: z._default(z.array(routeSchema), []),
    alerts: z._default(alertsSchema, () => alertsSchema.parse({})),
    enrichment: z._default(enrichmentSchema, () => enrichmentSchema.parse({})),
  })
  .check(
    z.superRefine((config, ctx) => {
      config.routes.forEach((route, index) => {
        for (const target of route.targets) {
          if (!(target in config.targets)) {
            ctx.addIssue({ code: 'custom', path: ['routes', index, 'targets'], message: `unknown target "${target}"`, input: route.targets });
          }
        }
      });
    }),
  );

export type HeraldConfig = z.infer<typeof configSchema>;
export type RouteMatch = z.infer<typeof matchSchema>;
export type Target = z.infer<typeof targetSchema>;
export type Severity = z.infer<typeof severitySchema>;
export type EventSource = z.infer<typeof sourceSchema>;
export type MessageFormat = z.infer<typeof formatSchema>;
