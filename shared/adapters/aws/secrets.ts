import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { awsClientConfig } from './clientConfig';

/**
 * Secrets are referenced by name, never by value: `ssm:/herald/slack-webhook`
 * (a SecureString parameter), `secretsmanager:herald/slack-webhook`, or, for local runs
 * only (when an `env` is given), `env:SLACK_WEBHOOK_URL`.
 */
export type SecretReader = (reference: string) => Promise<string>;

export class SecretError extends Error {
  override readonly name = 'SecretError';
}

export interface SecretReaderDeps {
  readonly ssm?: SSMClient;
  readonly secretsManager?: SecretsManagerClient;
  /** Enables `env:` references; Lambdas leave it out so a secret can never come from the template. */
  readonly env?: NodeJS.ProcessEnv;
  readonly ttlMs: number;
  readonly now?: () => number;
}

const REFERENCE = /^(ssm|secretsmanager|env):(.+)$/;

/** Reads secrets at run time, caching each for `ttlMs` and sharing concurrent reads. */
export function buildSecretReader(deps: SecretReaderDeps): SecretReader {
  const now = deps.now ?? Date.now;
  const cache = new Map<string, { readonly value: Promise<string>; readonly expiresAt: number }>();

  async function fetchSecret(kind: string, name: string): Promise<string> {
    switch (kind) {
      case 'ssm': {
        if (deps.ssm === undefined) throw new SecretError('no SSM client configured');
        const response = await deps.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
        return nonEmpty(response.Parameter?.Value, `ssm:${name}`);
      }
      case 'secretsmanager': {
        if (deps.secretsManager === undefined) throw new SecretError('no Secrets Manager client configured');
        const response = await deps.secretsManager.send(new GetSecretValueCommand({ SecretId: name }));
        return nonEmpty(response.SecretString, `secretsmanager:${name}`);
      }
      default:
        if (deps.env === undefined) throw new SecretError('env: secret references are for local runs only');
        return nonEmpty(deps.env[name], `env:${name}`);
    }
  }

  return async (reference) => {
    const match = REFERENCE.exec(reference);
    if (match?.[1] === undefined || match[2] === undefined) {
      throw new SecretError(`secret reference "${reference}" must look like ssm:/name, secretsmanager:name or env:NAME`);
    }
    const cached = cache.get(reference);
    if (cached !== undefined && cached.expiresAt > now()) return cached.value;
    const value = fetchSecret(match[1], match[2]);
    cache.set(reference, { value, expiresAt: now() + deps.ttlMs });
    // A failed read must not be cached: the next call tries again.
    value.catch(() => cache.delete(reference));
    return value;
  };
}

/** A reader with its own SSM and Secrets Manager clients (no `env:` references). */
export function buildAwsSecretReader(options: { readonly ttlMs: number }): SecretReader {
  return buildSecretReader({ ssm: new SSMClient(awsClientConfig()), secretsManager: new SecretsManagerClient(awsClientConfig()), ttlMs: options.ttlMs });
}

function nonEmpty(value: string | undefined, reference: string): string {
  if (value === undefined || value.trim() === '') throw new SecretError(`secret ${reference} is empty or missing`);
  return value.trim();
}
