/**
 * Credentials for another account's read-only enrichment role (STS AssumeRole), cached per role
 * until shortly before they expire, so a burst of alerts from one account assumes it once.
 */
import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';

/** The shape SDK clients accept as `credentials` (AwsCredentialIdentity). */
export interface AwsCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** Renew this long before expiry, so no request is signed with credentials about to lapse. */
const RENEW_BEFORE_MS = 5 * 60 * 1000;
const SESSION_SECONDS = 3600;

export type RoleCredentials = (roleArn: string) => Promise<AwsCredentialIdentity>;

export class AssumeRoleError extends Error {
  constructor(roleArn: string, options?: { cause?: unknown }) {
    super(`STS AssumeRole of ${roleArn} returned no credentials`, options);
    this.name = 'AssumeRoleError';
  }
}

export function buildRoleCredentials(sts: STSClient, options: { readonly sessionName: string; readonly now?: () => number; readonly timeoutMs?: number }): RoleCredentials {
  const now = options.now ?? Date.now;
  const cache = new Map<string, Promise<AwsCredentialIdentity>>();

  async function assume(roleArn: string): Promise<AwsCredentialIdentity> {
    const response = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: options.sessionName, DurationSeconds: SESSION_SECONDS }),
      options.timeoutMs === undefined ? {} : { abortSignal: AbortSignal.timeout(options.timeoutMs) },
    );
    const credentials = response.Credentials;
    if (credentials?.AccessKeyId === undefined || credentials.SecretAccessKey === undefined) throw new AssumeRoleError(roleArn);
    return {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      ...(credentials.SessionToken === undefined ? {} : { sessionToken: credentials.SessionToken }),
      ...(credentials.Expiration === undefined ? {} : { expiration: credentials.Expiration }),
    };
  }

  return async (roleArn) => {
    const cached = cache.get(roleArn);
    if (cached !== undefined) {
      const credentials = await cached.catch(() => undefined);
      const expiresAt = credentials?.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
      if (credentials !== undefined && expiresAt - RENEW_BEFORE_MS > now()) return credentials;
    }
    const pending = assume(roleArn);
    cache.set(roleArn, pending);
    // A refusal is not cached: the next alert from that account tries again.
    void pending.catch(() => cache.delete(roleArn));
    return pending;
  };
}
