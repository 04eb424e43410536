/**
 * File-level checks: files that should never be committed (by name, some only with telling
 * content), vendored and generated paths skipped by default, binary detection and merge
 * conflict markers.
 */
import type { Severity } from '../alerts/alert';
import { anyGlobMatcher } from '../util/glob';
import { indexOfByte } from './text';

/** Vendored and generated paths skipped by default; in its own module, which the Lambdas load without the engine. */
export { DEFAULT_SKIP_PATHS } from './skipPaths';

const PLAIN = String.raw`[^*?[\]{}\\/!]+`;
const ANY_DIRECTORY = new RegExp(String.raw`^\*\*\/(${PLAIN})\/\*\*$`);
const ANY_ENDING = new RegExp(String.raw`^\*\*\/\*(${PLAIN})$`);
const ANY_NAME = new RegExp(String.raw`^\*\*\/(${PLAIN})$`);

/**
 * A matcher for a glob list with the semantics of `anyGlobMatcher`, where the common shapes
 * (a directory at any depth, an ending such as `.min.js`, an exact file name) are set and
 * suffix tests: as a glob regex each starts with `(?:.*\/)?`, which backtracks over every `/`
 * of a long path, for every file.
 */
export function pathListMatcher(patterns: readonly string[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const directories = new Set<string>();
  const names = new Set<string>();
  const endings: string[] = [];
  const other: string[] = [];
  const positives = patterns.filter((pattern) => !pattern.startsWith('!'));
  const negatives = patterns.filter((pattern) => pattern.startsWith('!'));
  for (const pattern of positives) {
    const directory = ANY_DIRECTORY.exec(pattern)?.[1];
    const ending = ANY_ENDING.exec(pattern)?.[1];
    const name = ANY_NAME.exec(pattern)?.[1];
    if (directory !== undefined) directories.add(directory);
    else if (ending !== undefined) endings.push(ending);
    else if (name !== undefined) names.add(name);
    else other.push(pattern);
  }
  const slow = other.length === 0 ? undefined : anyGlobMatcher(other);
  const keeps = negatives.length === 0 ? undefined : anyGlobMatcher(negatives);
  // The common shapes as one regex over the whole path, tested once per path: no slicing or
  // splitting. A name is the last segment, an ending ends it (endings hold no `/`), a directory
  // is any segment before the last.
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alternatives = (list: Iterable<string>) => [...list].map(escape).join('|');
  const shapes = [
    ...(names.size > 0 ? [`(?:^|/)(?:${alternatives(names)})$`] : []),
    ...(endings.length > 0 ? [`(?:${alternatives(endings)})$`] : []),
    ...(directories.size > 0 ? [`(?:^|/)(?:${alternatives(directories)})/`] : []),
  ];
  const common = shapes.length === 0 ? undefined : new RegExp(shapes.join('|'));
  return (path) => {
    let hit = positives.length === 0;
    if (!hit) {
      hit = common?.test(path) === true;
      if (!hit && slow !== undefined) hit = slow(path);
    }
    return hit && (keeps === undefined || keeps(path));
  };
}

export interface ForbiddenFile {
  readonly id: string;
  /** What the file is, e.g. `dotenv file`. */
  readonly kind: string;
  /** Lower-case file names matched exactly (`id_rsa`), or path endings with directories (`.aws/credentials`). */
  readonly names?: readonly string[];
  /** Lower-case name endings (`.p12`, `.tfstate.backup`). */
  readonly suffixes?: readonly string[];
  /** Lower-case name beginnings (`.env.`). */
  readonly prefixes?: readonly string[];
  /** Lower-case name endings that exempt a file (`.example`). */
  readonly except?: readonly string[];
  /** When present, the file is forbidden only if its content matches (e.g. `.npmrc` with a literal token). */
  readonly content?: RegExp;
  readonly severity: Severity;
  /** Severity when the content says it holds a private key (`*.pem`). */
  readonly privateKeySeverity?: Severity;
  readonly advice: string;
}

const PRIVATE_KEY_CONTENT = /-----BEGIN[ A-Z0-9]*PRIVATE KEY[ A-Z]*-----/;

export const FORBIDDEN_FILES: readonly ForbiddenFile[] = [
  {
    id: 'dotenv-file',
    kind: 'dotenv file',
    names: ['.env'],
    prefixes: ['.env.'],
    except: ['.example', '.sample', '.template'],
    severity: 'high',
    advice: 'environment files hold local secrets: remove it, add it to .gitignore and commit a .env.example instead',
  },
  {
    id: 'ssh-private-key-file',
    kind: 'SSH private key file',
    names: ['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'id_ecdsa_sk', 'id_ed25519_sk'],
    severity: 'critical',
    advice: 'an SSH private key: remove it from history and replace the key',
  },
  {
    id: 'pem-file',
    kind: 'PEM file',
    suffixes: ['.pem'],
    severity: 'low',
    privateKeySeverity: 'critical',
    advice: 'PEM files often hold private keys: keep them out of the repository',
  },
  {
    id: 'keystore-file',
    kind: 'PKCS#12 or Java keystore',
    suffixes: ['.p12', '.pfx', '.pkcs12', '.jks', '.keystore'],
    severity: 'high',
    advice: 'key containers hold private keys (their password is rarely strong): remove it from history and rotate the keys',
  },
  {
    id: 'terraform-state',
    kind: 'Terraform state',
    suffixes: ['.tfstate', '.tfstate.backup'],
    severity: 'high',
    advice: 'Terraform state stores resource secrets in clear text: keep it in a remote backend',
  },
  {
    id: 'aws-credentials-file',
    kind: 'AWS credentials file',
    names: ['.aws/credentials'],
    severity: 'critical',
    advice: 'AWS credentials: remove the file from history and rotate the keys',
  },
  {
    id: 'git-credentials-file',
    kind: 'git credentials store',
    names: ['.git-credentials'],
    severity: 'critical',
    advice: 'git stores passwords and tokens in clear text here: remove it and rotate them',
  },
  {
    id: 'npmrc-with-token',
    kind: '.npmrc with a credential',
    names: ['.npmrc'],
    content: /^\s*(?:\/\/[^\s=]*:)?_(?:authToken|auth|password)\s*=\s*(?!\$\{)[^\s$]/m,
    severity: 'high',
    advice: 'reference the token as ${NPM_TOKEN} instead of writing it into .npmrc',
  },
  {
    id: 'pypirc-with-password',
    kind: '.pypirc with a password',
    names: ['.pypirc'],
    content: /^\s*password\s*[=:]\s*(?!\$\{|%\()\S/m,
    severity: 'high',
    advice: 'use keyring or an environment variable instead of a password in .pypirc',
  },
  {
    id: 'netrc-with-password',
    kind: '.netrc with a password',
    names: ['.netrc', '_netrc'],
    content: /\bpassword\s+\S/,
    severity: 'high',
    advice: '.netrc stores login passwords in clear text: remove it from the repository',
  },
  {
    id: 'docker-config-with-auth',
    kind: 'Docker config with registry credentials',
    names: ['.docker/config.json'],
    content: /"auths"\s*:[\s\S]*"auth"\s*:\s*"[A-Za-z0-9+/=]{8,}"/,
    severity: 'high',
    advice: 'use a credential helper instead of storing registry auth in config.json',
  },
  {
    id: 'htpasswd-file',
    kind: 'htpasswd file',
    names: ['.htpasswd'],
    severity: 'medium',
    advice: 'password hashes can be cracked offline: keep .htpasswd out of the repository',
  },
];

function nameMatches(rule: ForbiddenFile, path: string, base: string): boolean {
  if (rule.except?.some((ending) => base.endsWith(ending)) === true) return false;
  return (
    rule.names?.some((name) => (name.includes('/') ? path === name || path.endsWith(`/${name}`) : base === name)) === true ||
    rule.suffixes?.some((suffix) => base.endsWith(suffix) && base.length > suffix.length) === true ||
    rule.prefixes?.some((prefix) => base.startsWith(prefix)) === true
  );
}

/** Cheap index: the last name segment and the last extension select the few rules worth testing. */
const BY_NAME = new Map<string, ForbiddenFile[]>();
const BY_EXTENSION = new Map<string, ForbiddenFile[]>();
const BY_PREFIX: ForbiddenFile[] = [];
for (const rule of FORBIDDEN_FILES) {
  for (const name of rule.names ?? []) BY_NAME.set(name.slice(name.lastIndexOf('/') + 1), [...(BY_NAME.get(name.slice(name.lastIndexOf('/') + 1)) ?? []), rule]);
  for (const suffix of rule.suffixes ?? []) BY_EXTENSION.set(suffix.slice(suffix.lastIndexOf('.')), [...(BY_EXTENSION.get(suffix.slice(suffix.lastIndexOf('.'))) ?? []), rule]);
  if (rule.prefixes !== undefined) BY_PREFIX.push(rule);
}

/** Forbidden-file rules whose names match the path (case-insensitively). */
const NO_FORBIDDEN: readonly ForbiddenFile[] = [];
/** First characters of the prefixes: a name starting otherwise needs no prefix test. */
const PREFIX_STARTS = new Set(BY_PREFIX.flatMap((rule) => (rule.prefixes ?? []).map((prefix) => prefix.charAt(0))));
const EMPTY_PREFIX = PREFIX_STARTS.has('');

export function forbiddenByName(path: string): readonly ForbiddenFile[] {
  // Called for every file, and almost always empty: the lookups by name, extension and first
  // character come first, and nothing more is computed or allocated unless one of them hits.
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  const byName = BY_NAME.get(base);
  const byExtension = dot >= 0 ? BY_EXTENSION.get(base.slice(dot)) : undefined;
  const byPrefix = EMPTY_PREFIX || PREFIX_STARTS.has(base.charAt(0)) ? BY_PREFIX : undefined;
  if (byName === undefined && byExtension === undefined && byPrefix === undefined) return NO_FORBIDDEN;
  const lower = path.toLowerCase();
  let found: ForbiddenFile[] | undefined;
  for (const list of [byName, byExtension, byPrefix]) {
    if (list === undefined) continue;
    for (const rule of list) if (nameMatches(rule, lower, base) && found?.includes(rule) !== true) (found ??= []).push(rule);
  }
  return found ?? NO_FORBIDDEN;
}

/** The severity a forbidden file gets, given its text (for content-dependent rules). */
export function forbiddenSeverity(rule: ForbiddenFile, text: string): Severity {
  return rule.privateKeySeverity !== undefined && PRIVATE_KEY_CONTENT.test(text) ? rule.privateKeySeverity : rule.severity;
}

/** Git's heuristic: a NUL byte in the first 8 KiB means binary. */
export function isBinary(content: Uint8Array): boolean {
  // Only the head is looked at: a NUL further in does not make a text file binary, and searching it all costs a pass.
  return indexOfByte(content.length > 8192 ? content.subarray(0, 8192) : content, 0) >= 0;
}

/**
 * Start offsets of merge-conflict blocks: a `<<<<<<< ` line followed by a `=======` line and a
 * `>>>>>>> ` line. All three markers must be present.
 */
export function conflictBlocks(text: string): number[] {
  const starts: number[] = [];
  const block = /^<{7} .*$(?:\r?\n(?!<{7} ).*$)*?\r?\n={7}\r?$(?:\r?\n(?!<{7} ).*$)*?\r?\n>{7}(?: .*)?$/gm;
  for (let match = block.exec(text); match !== null; match = block.exec(text)) starts.push(match.index);
  return starts;
}
