/**
 * False-positive controls shared by every rule: documented example keys, placeholders,
 * template and environment references, UUIDs, hashes and lockfile integrity strings. A rule
 * opts out with `placeholders: false` (and in for UUIDs with `allowUuid`).
 */

/** Words that mark a value as documentation rather than a credential. */
const MARKER_WORDS = /example|sample|dummy|fake|placeholder|changeme|change_me|redacted|your[_-]|insert[_-]|replace[_-]?(?:me|with)|_here\b|\bnot[_-]?a[_-]?real/i;

/** Template, masking and elision syntax. */
const TEMPLATE = /[xX]{4,}|\*{3,}|#{4,}|\.{3}|…|<[^>]*>|<[A-Za-z_][\w -]*$|\$\{|\{\{|\}\}|%\(|\$\(|\[%|%\]|@@/;

/** `$VAR`, `%VAR%`, `{VAR}` and `@VAR@` standing for a value supplied elsewhere. */
const VARIABLE = /^(?:\$[A-Za-z_][\w.]*|%[A-Za-z_][\w.-]*%|\{[A-Za-z_][\w.-]*\}|@[A-Za-z_]\w*@|\[[A-Za-z_][\w -]*\])$/;

/** Reads from the environment or a secret store rather than a literal. */
const ENV_REFERENCE = /process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv\(|System\.getenv|Environment\.GetEnvironmentVariable|ENV\[|\$ENV\{|secrets\.[A-Za-z_]|env\.[A-Z_]{2,}|vault:|ssm:|secretsmanager:/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Hex of a common digest length (MD5, SHA-1, SHA-256, SHA-512). */
const HASH_LENGTHS = new Set([32, 40, 64, 128]);

/** Words before a hex string that say it is a digest, a commit or a checksum (on the lower-cased, camel-split text). */
const HASH_CONTEXT = /(?<![a-z])(?:md5|sha(?:-?(?:1|224|256|384|512))?|checksum|digest|hash|integrity|commit|revision|rev|srcrev|etag|fingerprint|oid)(?![a-z])[\w.@-]{0,16}["'\x60]?[ \t]*(?:=>|[:=@(])?[ \t]*["'\x60]?$/;

/** Subresource-integrity and lockfile integrity values: `sha512-<base64>`. */
const INTEGRITY = /(?:sha(?:1|256|384|512))[-:]$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A value that says it is not a real credential: documented examples, masks, templates, variables. */
export function isPlaceholder(value: string): boolean {
  return MARKER_WORDS.test(value) || TEMPLATE.test(value) || VARIABLE.test(value) || ENV_REFERENCE.test(value) || isRepetitive(value);
}

/** A run of one character over most of the value, or a short motif repeated (`abcabcabc…`). */
export function isRepetitive(value: string): boolean {
  if (value.length < 8) return false;
  const distinct = new Set(value).size;
  if (distinct <= 2) return true;
  for (let period = 1; period <= 4; period += 1) {
    let same = 0;
    for (let index = period; index < value.length; index += 1) if (value[index] === value[index - period]) same += 1;
    if (same >= (value.length - period) * 0.85) return true;
  }
  return false;
}

/** A hex digest the line itself describes as one (`sha256:…`, `commit = …`, `md5=…`). */
export function isHashInContext(value: string, before: string): boolean {
  if (!/^[0-9a-f]+$/i.test(value) || !HASH_LENGTHS.has(value.length)) return false;
  return HASH_CONTEXT.test(before.slice(-64).replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase());
}

/** A subresource-integrity value (`sha512-…`, in package-lock and yarn files), or one that follows such a prefix. */
export function isIntegrity(before: string, value = ''): boolean {
  return INTEGRITY.test(before.slice(-8)) || /^sha(?:1|256|384|512)-/i.test(value);
}

/** Environment and secret-store references anywhere in a value or a line. */
export function isEnvReference(value: string): boolean {
  return ENV_REFERENCE.test(value);
}
