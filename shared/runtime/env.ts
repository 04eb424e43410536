import type { HeraldConfig } from '../config/schema';

/** A required environment variable is missing: fail at cold start, not on the first event. */
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
}

export function requireEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value.trim() === '') throw new EnvironmentError(`environment variable ${name} is required`);
  return value;
}

/** `alerts` → `HERALD_TOPIC_ALERTS`; `team-chat` → `HERALD_TOPIC_TEAM_CHAT`. */
export function topicEnvName(topic: string): string {
  return `HERALD_TOPIC_${topic.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * ARNs of the topics, from `HERALD_TOPIC_<NAME>`: by default every topic the config targets, or
 * the given ones (those a function's events can be routed to). Throws naming all missing ones.
 */
export function topicArnsFromEnv(
  config: HeraldConfig,
  env: NodeJS.ProcessEnv,
  only: readonly string[] = Object.values(config.targets).map((target) => target.topic),
): Map<string, string> {
  const topics = [...new Set(only)];
  const missing = topics.filter((topic) => (env[topicEnvName(topic)] ?? '') === '');
  if (missing.length > 0) {
    throw new EnvironmentError(`no topic ARN for ${missing.map((topic) => `${topic} (${topicEnvName(topic)})`).join(', ')}`);
  }
  return new Map(topics.map((topic) => [topic, env[topicEnvName(topic)] ?? '']));
}
