/**
 * Who an alert is for, and where it comes from, as the config describes them: people (commit
 * author emails, IAM user and session names → Slack member ids and email addresses) and
 * accounts (alias, enrichment role). Pure lookups; nothing here trusts a display name from an
 * event: names shown as people come from the config alone.
 */
import type { AlertPerson } from '../alerts/alert';
import type { HeraldConfig, Person } from '../config/schema';
import { compact } from '../util/compact';

function toAlertPerson(key: string, person: Person): AlertPerson {
  return compact({ name: person.name ?? key, slackId: person.slack, email: person.email });
}

function findPerson(config: HeraldConfig, matches: (person: Person) => boolean): AlertPerson | undefined {
  for (const [key, person] of Object.entries(config.people ?? {})) {
    if (matches(person)) return toAlertPerson(key, person);
  }
  return undefined;
}

const sameEmail = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The person whose commit author email this is (case-insensitive), if the config knows them. */
export function personByCommitEmail(config: HeraldConfig, email: string | undefined): AlertPerson | undefined {
  if (email === undefined || email.trim() === '') return undefined;
  return findPerson(config, (person) => [...(person.commitEmails ?? []), ...(person.email === undefined ? [] : [person.email])].some((known) => sameEmail(known, email)));
}

/**
 * The user name or role session name of an IAM or STS ARN: `arn:aws:iam::1:user/jane` → `jane`,
 * `arn:aws:sts::1:assumed-role/Deployer/jane@example.com` → `jane@example.com`. Undefined for
 * anything else (a root ARN, a service).
 */
export function iamNameOf(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const match = /^arn:aws[a-z-]*:(?:iam|sts)::\d{12}:(user|assumed-role)\/(.+)$/.exec(arn);
  if (match === null) return undefined;
  const path = match[2] ?? '';
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name === '' ? undefined : name;
}

/** The person acting as this IAM user or role session (their `iam` names, or a session named after their email). */
export function personByIamArn(config: HeraldConfig, arn: string | undefined): AlertPerson | undefined {
  return personByIamName(config, iamNameOf(arn));
}

/** The person with this IAM user or role session name (or a session named after their email). */
export function personByIamName(config: HeraldConfig, name: string | undefined): AlertPerson | undefined {
  if (name === undefined || name === '') return undefined;
  return (
    findPerson(config, (person) => (person.iam ?? []).includes(name)) ??
    (name.includes('@') ? personByCommitEmail(config, name) : undefined)
  );
}

/** The account's alias from the config, if any. */
export function accountAlias(config: HeraldConfig, account: string): string | undefined {
  return Object.hasOwn(config.accounts ?? {}, account) ? config.accounts?.[account]?.alias : undefined;
}

/** How enrichment may read an account: with the function's own role, through a role to assume, or not at all. */
export type AccountAccess =
  | { readonly kind: 'own' }
  | { readonly kind: 'assume'; readonly roleArn: string }
  | { readonly kind: 'none'; readonly note: string };

/**
 * An account with an `enrichmentRoleArn` is read through it. An account is foreign (and, without a
 * role, not read at all) when it is listed in `fanIn.accounts`, or when the config marks another
 * account `home`. Anything else (including accounts of a fanned-in organization, when no account
 * is marked home) is read with the function's own role; a refusal there becomes the usual note.
 */
export function accountAccess(config: HeraldConfig, account: string): AccountAccess {
  const accounts = config.accounts ?? {};
  const settings = Object.hasOwn(accounts, account) ? accounts[account] : undefined;
  if (settings?.enrichmentRoleArn !== undefined) return { kind: 'assume', roleArn: settings.enrichmentRoleArn };
  if (settings?.home === true) return { kind: 'own' };
  const homeDeclared = Object.values(accounts).some((candidate) => candidate.home);
  const fannedIn = config.fanIn?.accounts?.includes(account) ?? false;
  if (homeDeclared || fannedIn) {
    return { kind: 'none', note: `Not enriched: account ${account} is another account and the config names no enrichmentRoleArn for it (accounts.${account}.enrichmentRoleArn).` };
  }
  return { kind: 'own' };
}
