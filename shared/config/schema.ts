import { z } from 'zod';

/**
 * The one Herald config file (`herald.config.yml`). Strict objects: a typo in a key is an
 * error at load time, not a silently ignored route. `npm run schema` publishes this schema
 * as JSON Schema for editor completion.
 */

const nonEmpty = z.string().min(1);
/** Glob patterns (picomatch syntax: `*`, `**`, `{a,b}`, `!negation`). */
const globs = z.array(nonEmpty).min(1);

export const severitySchema = z.enum(['critical', 'high', 'medium', 'low', 'info']);
export const sourceSchema = z.enum(['codepipeline', 'codebuild', 'codecommit']);
export const formatSchema = z.enum(['email', 'slack', 'chatbot', 'json']);

const targetSchema = z
  .strictObject({
    /** Logical topic name declared in serverless.yml; its ARN comes from env `HERALD_TOPIC_<NAME>`. */
    topic: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'topic must be a simple name such as "alerts"'),
    format: formatSchema.default('email'),
  })
  .describe('An SNS topic and the rendering its subscribers expect.');

const matchSchema = z
  .strictObject({
    source: z.array(sourceSchema).min(1).optional(),
    eventType: globs.optional().describe('e.g. "pipeline.failed", "build.*"'),
    state: z.array(nonEmpty).min(1).optional().describe('Upper-case states, e.g. FAILED, TIMED_OUT.'),
    pipeline: globs.optional(),
    project: globs.optional(),
    repository: globs.optional(),
    branch: globs.optional(),
    severity: z.array(severitySchema).min(1).optional(),
    account: z.array(z.string().regex(/^\d{12}$/)).min(1).optional(),
    region: globs.optional(),
  })
  .describe('Every listed field must match (AND); a list matches when any of its entries does (OR). Absent fields match anything.');

const routeSchema = z.strictObject({
  name: nonEmpty,
  match: matchSchema.default({}),
  targets: z.array(nonEmpty).min(1),
  /** Stop evaluating later routes when this one matches. */
  final: z.boolean().default(false),
});

const stateSeverity = z.record(z.string(), severitySchema);

const alertsSchema = z.strictObject({
  /** States that produce an alert. SUPERSEDED is off by default: a newer run replaced this one. */
  states: z.array(nonEmpty).min(1).default(['FAILED', 'CANCELED', 'STOPPED', 'TIMED_OUT', 'FAULT']),
  /** Fold stage and action failure events into the one alert of their pipeline execution. */
  foldIntoExecution: z.boolean().default(true),
  /** Builds started by CodePipeline are already reported by the pipeline's alert. */
  pipelineBuilds: z.enum(['skip', 'alert']).default('skip'),
  /** Alert on CodeBuild phase-change events too (the build-level event already covers failures). */
  buildPhaseEvents: z.boolean().default(false),
  severity: stateSeverity.default({
    FAULT: 'high',
    FAILED: 'high',
    TIMED_OUT: 'high',
    CANCELED: 'low',
    STOPPED: 'low',
    SUPERSEDED: 'info',
  }),
});

const enrichmentSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Budget for each enrichment call; past it the alert goes out with a note. */
  timeoutMs: z.number().int().min(100).max(20000).default(3000),
});

export const configSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1),
    targets: z.record(z.string().regex(/^[A-Za-z0-9_.-]+$/), targetSchema),
    routes: z.array(routeSchema).default([]),
    alerts: alertsSchema.default(() => alertsSchema.parse({})),
    enrichment: enrichmentSchema.default(() => enrichmentSchema.parse({})),
  })
  .superRefine((config, ctx) => {
    config.routes.forEach((route, index) => {
      for (const target of route.targets) {
        if (!(target in config.targets)) {
          ctx.addIssue({ code: 'custom', path: ['routes', index, 'targets'], message: `unknown target "${target}"` });
        }
      }
    });
  });

export type HeraldConfig = z.infer<typeof configSchema>;
export type RouteMatch = z.infer<typeof matchSchema>;
export type Target = z.infer<typeof targetSchema>;
export type Severity = z.infer<typeof severitySchema>;
export type EventSource = z.infer<typeof sourceSchema>;
export type MessageFormat = z.infer<typeof formatSchema>;
