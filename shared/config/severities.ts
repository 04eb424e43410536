/**
 * Most severe first: planners compare severities by this order. Apart from the config schema,
 * so the Lambdas (whose config is validated at build time) do not load the schema for it.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
