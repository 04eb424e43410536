/**
 * Rules that recognise a secret by its surroundings rather than its own format: JWTs, URLs
 * and connection strings with passwords, curl credentials, Kubernetes Secret manifests,
 * `name = value` assignments whose name says secret, and (opt-in) bare high-entropy strings.
 */
import { isPlaceholder, isUuid } from '../placeholders';
import { decodeBase64, latin1, shannonEntropy } from '../text';
import { ALNUM, BASE64, BASE64URL, HEX, LOWER, fakeJwt, fakeToken, fakeUuid, toBase64 } from './fake';
import { byteSet, operatorAfter, quotedValueStart, runLength, userinfoFollows, type MatchContext, type SecretRule, type RuleExamples } from './rule';

/** Splits an identifier into lower-case words: `clientSecret_ID` → client, secret, id. */
export function nameWords(name: string): readonly string[] {
  let words = NAME_WORDS.get(name);
  if (words === undefined) {
    words = name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((word) => word.length > 0);
    // Identifiers repeat across a tree (`secretAccessKey`, `credentials`): split each once.
    if (NAME_WORDS.size >= NAME_WORDS_LIMIT) NAME_WORDS.clear();
    NAME_WORDS.set(name, words);
  }
  return words;
}

const NAME_WORDS = new Map<string, readonly string[]>();
const NAME_WORDS_LIMIT = 4096;

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'pass', 'passw', 'pword']);
const SECRET_WORDS = new Set(['secret', 'token', 'credential', 'credentials', 'apikey', 'auth', 'secretkey', 'accesskey', 'privatekey', 'authtoken', 'accesstoken', 'clientsecret', 'pat']);
/** `<qualifier> key` names a secret key (`api_key`, `signingKey`); `key` alone does not. */
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'client', 'auth', 'master', 'signing', 'encryption', 'account', 'app', 'license', 'consumer', 'session', 'shared', 'webhook', 'hmac', 'jwt']);
/** A last word that makes the name about the secret rather than the secret itself. */
const NOT_SECRET_LAST = new Set([
  'id', 'ids', 'name', 'names', 'url', 'uri', 'urls', 'endpoint', 'path', 'paths', 'file', 'files', 'filename', 'dir', 'directory', 'type', 'types', 'length', 'len', 'size', 'count', 'format', 'version',
  'mode', 'field', 'fields', 'prefix', 'suffix', 'header', 'headers', 'param', 'params', 'arn', 'env', 'var', 'variable', 'hint', 'label', 'region', 'expiry', 'expires', 'expiration', 'expired', 'timeout',
  'ttl', 'policy', 'store', 'provider', 'manager', 'class', 'kind', 'pattern', 'regex', 'enabled', 'required', 'index', 'location', 'source', 'input', 'output', 'config', 'option', 'options', 'method',
  'algorithm', 'alg', 'scheme', 'scope', 'scopes', 'issuer', 'audience', 'lifetime', 'duration', 'age', 'date', 'time', 'at', 'hash', 'hashed', 'salt', 'min', 'max', 'valid', 'status', 'state', 'event',
  'error', 'errors', 'message', 'text', 'title', 'description', 'placeholder', 'length', 'key_id', 'ref', 'reference', 'service', 'server', 'host', 'port', 'user', 'username', 'email', 'login', 'account',
  'owner', 'role', 'group', 'store', 'vault', 'mount', 'policy', 'rotation', 'handler', 'mgr', 'callback', 'request', 'response', 'data', 'list', 'map', 'set', 'len', 'exists', 'present', 'set', 'seconds', 'ms',
]);
/** Words anywhere in the name that say the value is not a credential. */
const NOT_SECRET_ANY = new Set(['public', 'pub', 'next', 'page', 'continuation', 'pagination', 'cancellation', 'csrf', 'xsrf', 'cursor', 'sync', 'lexer', 'parser', 'example', 'sample', 'dummy', 'fake', 'mock', 'placeholder', 'regex', 'pattern', 'forgot', 'reset', 'confirm', 'validation', 'policy']);

type NameClass = 'password' | 'secret' | undefined;

export function classifyName(name: string): NameClass {
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last === undefined || NOT_SECRET_LAST.has(last) || words.some((word) => NOT_SECRET_ANY.has(word))) return undefined;
  // `pass` is a verb too (`passWithNoTests`): it names a password only at the end (`DB_PASS`).
  if (words.some((word) => PASSWORD_WORDS.has(word) && word !== 'pass') || last === 'pass') return 'password';
  const keyed = words.some((word, index) => word === 'key' && index > 0 && KEY_QUALIFIERS.has(words[index - 1] ?? ''));
  return keyed || words.some((word) => SECRET_WORDS.has(word)) ? 'secret' : undefined;
}

/** The identifier just before the assignment operator that precedes the value, with what opens it. */
const NAME_BEFORE = /(^|[^A-Za-z0-9_.$-])(["'`]?)([A-Za-z0-9_.$-]+)(["'`]?)[ \t]*(:=|=>|\?=|\|\|=|===?|!==?|=|:|,)[ \t]*["'`]?$/;
/** `NAME = value` starting a line of a config file (.env, .ini, .properties, YAML), optionally exported. */
const CONFIG_LINE = /^[ \t]*(?:export[ \t]+|set[ \t]+|-[ \t]+)?["']?[A-Za-z_][\w.-]*["']?[ \t]*[:=][ \t]*$/;
const CONFIG_TAIL = /^(?:[ \t]+[#;].*)?[ \t]*$/;
/** Obvious non-secrets: URLs, paths, file names, dotted or dashed identifiers, code. */
const NOT_A_VALUE = /^[a-z][a-z0-9+.-]*:\/\/|^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)|\.(?:json|ya?ml|pem|key|crt|txt|env|p12|pfx|jks|ini|cfg|conf|xml|js|ts|py|rb|sh)$|^[a-z]+(?:[.:_-][a-z]+)+$|[(){}[\]<>|]|^(?:true|false|null|none|nil|undefined)$|^arn:|^urn:|^\d{4}-\d\d-\d\d(?:[T ]\d|$)/i;

const WEAK_PASSWORDS = new Set([
  'password', 'passwd', 'pass', 'pwd', 'secret', 'changeme', 'changeit', 'admin', 'administrator', 'root', 'test', 'testing', 'guest', 'user', 'username', 'letmein', 'welcome', 'qwerty', 'default',
  'none', 'null', 'undefined', 'empty', 'required', 'optional', 'string', 'text', 'value', 'hidden', 'token', 'apikey', 'key', 'example', 'sample', 'demo', 'foo', 'bar', 'foobar', 'abc', 'abcdef',
]);

/** A documentation password, exactly (`password`, `changeme`, `mypassword`), as URL credentials use them. */
export function isPlaceholderPassword(value: string): boolean {
  const lower = value.toLowerCase();
  return WEAK_PASSWORDS.has(lower) || WEAK_PASSWORDS.has(lower.replace(/^(?:my|your|the|new|old|some|db|user|admin)(?=.)/, ''));
}

/** A password that documentation uses (`password`, `changeme`, `mypassword`, `Password123!`). */
export function isWeakPassword(value: string): boolean {
  const letters = value.toLowerCase().replace(/[^a-z]/g, '');
  if (letters.length === 0) return /^(.)\1*$/.test(value) || value.length < 8;
  const bare = letters.replace(/^(?:my|your|the|new|old|some|db|user|admin)(?=.)/, '');
  return WEAK_PASSWORDS.has(letters) || WEAK_PASSWORDS.has(bare) || isLabelPhrase(value);
}

/** A lower-case phrase naming itself, such as secret-2-levels, key_1234 or test_password_1: a fixture label. */
function isLabelPhrase(value: string): boolean {
  const parts = value.split(/[-_.]/);
  return parts.length >= 2 && /^[a-z0-9_.-]+$/.test(value) && parts.some((part) => WEAK_PASSWORDS.has(part));
}

/** Source files, where an unquoted value is an expression or a type (`password: string;`), never a literal. */
const CODE_FILE = /\.(?:[cm]?[jt]sx?|java|kt|kts|scala|go|rs|c|cc|cpp|h|hpp|cs|swift|py|rb|php|dart|lua|pl|ex|exs|erl|hs|ml|fs|vue|svelte)$/i;

/** CODE_FILE's verdict on the last path asked about: the keyword gate asks once per hit, for one file after another. */
let lastPath: string | undefined;
let lastPathIsCode = false;

function isCodeFile(path: string): boolean {
  if (path !== lastPath) {
    lastPath = path;
    lastPathIsCode = CODE_FILE.test(path);
  }
  return lastPathIsCode;
}

/**
 * The `afterKeyword` of an assignment rule whose regex captures values of `valueBytes`
 * (`minLength` to `maxLength` of them) and whose validator runs `assignment`. It passes a hit
 * only when the rule could report a finding there:
 * - an assignment operator follows the name;
 * - in a code file, a quote opens the value, since `literalValue` rejects anything else there;
 * - a quoted value is long enough and not NOT_A_VALUE, which `assignment` rejects (no other
 *   capture is possible: the value class holds no quote, and the operator and blanks before it
 *   are too short to be one).
 * In source code most hits are expressions (`NextToken: input.NextToken`) or documented
 * placeholders and enum names (`NextToken: "STRING_VALUE"`): they stop here, before a regex runs.
 */
function literalAssignmentGate(value: ValueShape): NonNullable<SecretRule['afterKeyword']> {
  const valueBytes = byteSet(new RegExp(value.char));
  return (bytes, start, path) => {
    const operator = operatorAfter(bytes, start);
    if (operator < 0) return false;
    const valueStart = quotedValueStart(bytes, operator);
    if (valueStart < 0) return !isCodeFile(path);
    const length = runLength(bytes, valueStart, valueBytes, value.max);
    return length >= value.min && !NOT_A_VALUE.test(latin1(bytes, valueStart, valueStart + length));
  };
}

/** What an assignment rule captures as the value: a character class, at least `min` and at most `max` of them. */
interface ValueShape {
  readonly char: string;
  readonly min: number;
  readonly max: number;
}

const SECRET_VALUE: ValueShape = { char: String.raw`[^\s"'\`,;<>(){}[\]|]`, min: 8, max: 256 };
const PASSWORD_VALUE: ValueShape = { char: String.raw`[^\s"'\`]`, min: 6, max: 128 };

/** The `secret` capture group of a value shape, for the rule's regex. */
function valueCapture(value: ValueShape): string {
  return `(?<secret>${value.char}{${value.min},${value.max}})`;
}

/** The value of `name = value` is a literal: quoted and complete, or the whole value of a config line. */
function literalValue(context: MatchContext, quote: string | undefined): boolean {
  if (quote !== undefined && quote !== '') return context.after.startsWith(quote);
  if (CODE_FILE.test(context.path) || /[;,]$/.test(context.secret)) return false;
  return context.before.length <= 256 && CONFIG_LINE.test(context.before) && CONFIG_TAIL.test(context.after);
}

function assignment(context: MatchContext, expected: NameClass): boolean {
  const value = context.secret;
  // The cheap test on the value first: in source code most candidates are identifiers and enum names (`"STRING_VALUE"`).
  if (NOT_A_VALUE.test(value)) return false;
  // Only the end of the line matters; a bound keeps minified one-line files linear.
  const name = NAME_BEFORE.exec(context.before.slice(-256));
  if (name === null) return false;
  const [, opener = '', openQuote = '', identifier = '', keyQuote = '', operator = ''] = name;
  if (classifyName(identifier) !== expected) return false;
  // `f("api_token", "value")` passes a default; `f(token, "value")` and `"a": "PASSWORD", "b": …` do not,
  // and an argument list is weak evidence: its value must look generated.
  if (operator === ',' && (keyQuote === '' || openQuote !== keyQuote || opener !== '(' || !genericValue(context.secret))) return false;
  if (!literalValue(context, context.groups['q'])) return false;
  // A value that repeats its own name is a reference (`token: "accessToken"`, `private_key: "_RSAPrivateKey"`), not a secret.
  const lower = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  const words = nameWords(identifier);
  const lastTwo = words.slice(-2).join('');
  return !(lastTwo.length >= 6 && lower.includes(lastTwo)) && !words.some((word) => word.length >= 4 && (PASSWORD_WORDS.has(word) || SECRET_WORDS.has(word)) && lower.includes(word));
}

/** `GetAccessKeyInfoCommand`, `myApiToken`: identifiers, not secrets. */
const CAMEL_WORDS = /^[A-Za-z][a-z]+(?:[A-Z][a-z]+|[A-Z]{2,}(?![a-z]))+$/;

function genericValue(value: string): boolean {
  // Credentials are printable ASCII; anything else is text (a translated message, a label).
  if (!/^[\x21-\x7e]+$/.test(value)) return false;
  if (value.length < 8 || shannonEntropy(value) < 3 || hasSequence(value, 5) || isWeakPassword(value)) return false;
  const hasDigit = /[0-9]/.test(value);
  const hasSymbol = /[^A-Za-z0-9]/.test(value);
  // Letters only: long, mixed-case, varied and not CamelCase words, or it is probably a word or an identifier.
  return hasDigit || hasSymbol || (value.length >= 16 && /[a-z]/.test(value) && /[A-Z]/.test(value) && shannonEntropy(value) >= 3.8 && !CAMEL_WORDS.test(value));
}

function passwordValue(value: string): boolean {
  return value.length >= 6 && shannonEntropy(value) >= 2.3 && !isWeakPassword(value) && !/^\d{1,14}$/.test(value) && !hasSequence(value, 5);
}

/** `user:password` from curl's `-u` argument, quotes and braces removed; the password (or a lone user) to judge. */
function curlCredential(raw: string): string | undefined {
  if (isPlaceholder(raw)) return undefined;
  const unquoted = raw.replace(/["']/g, '');
  const colon = unquoted.indexOf(':');
  if (colon < 0) return undefined;
  const strip = (part: string) => part.replace(/^\{(.*)\}$/, '$1');
  const user = strip(unquoted.slice(0, colon));
  const password = strip(unquoted.slice(colon + 1));
  const candidate = password !== '' ? password : user;
  if (candidate.length < 6 || isPlaceholder(candidate) || isWeakPassword(candidate) || shannonEntropy(candidate) < 2.5) return undefined;
  return candidate;
}

/** The credential of `scheme://user:password@host`: the password, or the user when it is the token (`TOKEN:x-oauth-basic@`). */
function urlCredential(context: MatchContext): string | false {
  const user = decodeURIComponentSafe(context.groups['user'] ?? '');
  const password = decodeURIComponentSafe(context.secret);
  if (isPlaceholder(`${user}:${password}`)) return false;
  const tokenUser = user.length >= 20 && shannonEntropy(user) >= 3 && (password === '' || /^x-oauth-basic$/i.test(password));
  const candidate = tokenUser ? user : password;
  if (candidate.length < 6 || (candidate === user && !tokenUser)) return false;
  if (isPlaceholderPassword(candidate) || isLabelPhrase(candidate) || shannonEntropy(candidate) < 2) return false;
  return tokenUser ? user : context.secret;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A run of `length` consecutive characters (`abcdef`, `12345`): an alphabet or a made-up value, not a key. */
function hasSequence(value: string, length = 6): boolean {
  let run = 1;
  for (let index = 1; index < value.length; index += 1) {
    run = value.charCodeAt(index) === value.charCodeAt(index - 1) + 1 ? run + 1 : 1;
    if (run >= length) return true;
  }
  return false;
}

/** A JWT: a header that decodes to a complete JSON object naming `alg`, `typ` or `kid`, and a JSON payload. */
function isJwt(value: string): boolean {
  const [header = '', payload = ''] = value.split('.');
  const decodedHeader = decodeBase64(header);
  return /^\s*\{[\s\S]*\}\s*$/.test(decodedHeader) && /"(?:alg|typ|kid|enc|x5t)"/.test(decodedHeader) && /^\s*\{\s*"/.test(decodeBase64(payload));
}

/** A value under `data:` or `stringData:` of a YAML document whose `kind` is `Secret`. */
function kubernetesSecretValue(context: MatchContext): boolean {
  const text = context.text();
  const lines = (from: number) => text.lastIndexOf('\n', from - 1) + 1;
  let keyLineStart = lines(context.offset);
  let keyLine = text.slice(keyLineStart, text.indexOf('\n', keyLineStart) >>> 0);
  // A block scalar (`key: |`) puts the value on the next line.
  if (!keyLine.includes(':') && keyLineStart > 0) {
    keyLineStart = lines(keyLineStart - 1);
    keyLine = text.slice(keyLineStart, text.indexOf('\n', keyLineStart));
  }
  const indent = /^[ \t]*/.exec(keyLine)?.[0].length ?? 0;
  let parent: string | undefined;
  for (let start = keyLineStart; start > 0 && parent === undefined; ) {
    start = lines(start - 1);
    const line = text.slice(start, text.indexOf('\n', start));
    if (/^\s*(?:#.*)?$/.test(line)) continue;
    if ((/^[ \t]*/.exec(line)?.[0].length ?? 0) < indent) parent = line.trim();
  }
  const section = /^(data|stringData):$/.exec(parent ?? '')?.[1];
  if (section === undefined) return false;
  if (section === 'data' && !/^[A-Za-z0-9+/]+={0,2}$/.test(context.secret)) return false;
  const documentStart = Math.max(0, text.lastIndexOf('\n---', context.offset));
  const next = text.indexOf('\n---', context.offset);
  const document = text.slice(documentStart, next < 0 ? text.length : next);
  return /^[ \t]*kind:[ \t]*["']?secret["']?[ \t]*\r?$/im.test(document);
}

const DB_SCHEME = /^(?:jdbc:)?(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|cockroachdb|clickhouse|couchdb|neo4j(?:\+s)?|bolt|cassandra|influxdb|elasticsearch|memcached)$/i;
/** The scheme before `://user:` (the regex starts at `://` so the engine can search for that literal). */
const SCHEME_BEFORE = /(?<![A-Za-z0-9+.:-])((?:jdbc:)?[A-Za-z][A-Za-z0-9+.-]{1,20}):\/\/[^:]*:$/;

function urlScheme(context: MatchContext): 'database' | 'other' | undefined {
  const scheme = SCHEME_BEFORE.exec(context.before.slice(-512))?.[1];
  if (scheme === undefined) return undefined;
  return DB_SCHEME.test(scheme) ? 'database' : 'other';
}
const URL_USERINFO = String.raw`:\/\/(?<user>[^\s:@/?#"'<>{}\[\]\\]{0,128}):(?<secret>[^\s@/?#"'<>\\]{1,256})@(?=[\w.\-\[\]$%{])`;

export const GENERIC_RULES: readonly SecretRule[] = [
  {
    id: 'jwt',
    kind: 'JSON Web Token',
    severity: 'high',
    regex: /(?<![A-Za-z0-9-])(?<secret>eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?)/,
    keywords: ['eyj'],
    entropy: 3,
    validate: (context) => isJwt(context.secret),
    get examples(): RuleExamples {
      return {
      positive: [fakeJwt(1), `Authorization: Bearer ${fakeJwt(2)}`, `${fakeJwt(3).split('.').slice(0, 2).join('.')}.`],
      negative: [`${toBase64('{"alg":"HS256","typ":"JWT"').replace(/=+$/, '')}.${fakeJwt(4).split('.')[1] ?? ''}.${fakeToken('', 43, BASE64URL, 5)}`, 'eyJAAAA.eyJBBB', '{"alg":"HS256"}.{"sub":"x"}.sig'],
    };
    },
  },
  {
    id: 'database-connection-string',
    kind: 'database connection string with password',
    severity: 'high',
    regex: new RegExp(URL_USERINFO),
    keywords: ['://'],
    afterKeyword: userinfoFollows,
    validate: (context) => urlScheme(context) === 'database' && urlCredential(context),
    get examples(): RuleExamples {
      return {
      positive: [`DATABASE_URL=postgres://app:${fakeToken('', 16, ALNUM, 6)}@db.internal:5432/app`, `mongodb+srv://svc:${fakeToken('', 14, ALNUM, 7)}@cluster0.mongodb.net/db`, `jdbc:mysql://admin:${fakeToken('', 12, ALNUM, 8)}@db:3306/x`],
      negative: ['mongodb://username:password@localhost:27017/database', 'mysql://user:${PASSWORD}@example.com:3306/db', 'postgres://postgres:postgres@localhost/db', 'postgresql://db.server.com:5432/production', 'postgres://$(PGUSER):$(PGPASSWORD)@$(PGHOST)/x'],
    };
    },
  },
  {
    id: 'url-credentials',
    kind: 'URL with credentials',
    severity: 'high',
    regex: new RegExp(URL_USERINFO),
    keywords: ['://'],
    afterKeyword: userinfoFollows,
    validate: (context) => urlScheme(context) === 'other' && urlCredential(context),
    get examples(): RuleExamples {
      return {
      positive: [`https://deploy:${fakeToken('', 16, ALNUM, 9)}@git.internal.example/repo.git`, `"git+https://${fakeToken('', 40, HEX, 10)}:x-oauth-basic@github.com/org/repo.git"`, `ftps://backup:${fakeToken('', 12, ALNUM, 11)}@files.company.com/uploads`],
      negative: ['https://${username}:${password}@api.example.com', 'https://username:password@example.com/api', 'https://user:abc@api.com/v1', 'https://{{user}}:{{pass}}@config.example.com', "'https://url:8000';@something else", 'https://YOUR_USERNAME:YOUR_PASSWORD@api.service.com'],
    };
    },
  },
  {
    id: 'curl-auth-header',
    kind: 'credential in a curl header',
    severity: 'high',
    priority: 0,
    regex: /(?:^|\s)(?:-H|--header)[ \t]*=?[ \t]*["']?[ \t]*(?:(?:proxy-)?authorization|api-?token|api-?key|x-[\w-]*?(?:key|token|auth|secret)[\w-]*|(?:access|private|auth)-?token|token)[ \t]*:[ \t]*(?:(?<scheme>basic|bearer|token|api-token|apikey|key|digest|sso-key)[ \t]+)?(?<secret>[^\s"'\\]{6,})/im,
    keywords: ['curl'],
    scope: 'file',
    allowUuid: true,
    entropy: 2.5,
    validate: (context) => {
      if (/[({[]/.test(context.secret) || (context.secret.length < 12 && isWeakPassword(context.secret))) return false;
      if (context.groups['scheme']?.toLowerCase() === 'basic') return decodeBase64(context.secret).includes(':');
      return true;
    },
    get examples(): RuleExamples {
      return {
      positive: [`curl -H "Authorization: Bearer ${fakeToken('', 32, ALNUM, 12)}" https://api.example.net`, `curl https://api.example.net \\\n  -H 'X-Api-Key: ${fakeUuid(13)}'`, `curl -H 'Authorization: Basic ${toBase64(`svc:${fakeToken('', 12, ALNUM, 14)}`)}' x`],
      negative: ['curl -H "Authorization: Bearer $API_KEY" https://api.example.net', 'curl -H "Authorization: Bearer <your token>" x', 'curl -H "Authorization: Token **********" x', 'curl -H "Authorization: Bearer $(gcloud auth print-access-token)" x', 'curl --header "Authorization: Basic ..." x'],
    };
    },
  },
  {
    id: 'curl-basic-auth',
    kind: 'password in a curl -u argument',
    severity: 'high',
    priority: 0,
    regex: /(?:^|\s)(?:-u|--user)(?:[ \t]+|=)(?<secret>"[^"\n]*"(?::"[^"\n]*")?|'[^'\n]*'|[^\s"':]*(?::(?:'[^'\n]*'|"[^"\n]*"|[^\s"']*))?)/m,
    keywords: ['curl'],
    scope: 'file',
    placeholders: false,
    allowUuid: true,
    validate: (context) => curlCredential(context.secret) ?? false,
    get examples(): RuleExamples {
      return {
      positive: [`curl -u elastic:${fakeToken('', 12, ALNUM, 15)} https://localhost:9200`, `curl --user "deploy:${fakeToken('', 14, ALNUM, 16)}" https://x`, `curl -X POST \\\n  -u svc:${fakeToken('', 16, ALNUM, 17)} \\\n  https://x`],
      negative: ['curl -u username:token', 'curl -u "${_username}:${_password}"', 'curl --user neo4j:[PASSWORD] http://x', 'curl -u "myusername" http://x', 'curl -u ":" https://x', 'curl --user user:pass --digest'],
    };
    },
  },
  {
    id: 'kubernetes-secret',
    kind: 'Kubernetes Secret data',
    severity: 'high',
    regex: /^[ \t]+[\w.-]+:[ \t]*(?:[|>][-+]?[ \t]*\r?\n[ \t]+)?(?<q>['"]?)(?<secret>[^\s'"#]{12,})\k<q>[ \t]*\r?$/m,
    keywords: ['kind: secret', "kind: 'secret'", 'kind: "secret"', 'kind:secret'],
    scope: 'file',
    validate: kubernetesSecretValue,
    get examples(): RuleExamples {
      return {
      positive: [`apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: ${toBase64(fakeToken('', 14, ALNUM, 18))}\n`, `apiVersion: v1\ndata:\n  # comment\n  token: '${toBase64(fakeToken('', 20, ALNUM, 19))}'\nkind: secret\n`],
      negative: ['apiVersion: v1\nkind: Secret\ndata:\n  csrf: ""\n', 'apiVersion: v1\nkind: ExternalSecret\nspec:\n  data:\n    - secretKey: api-key-material-here\n', 'kind: Secret\ndata:\n  password: {{ .Values.password }}\n', `kind: ConfigMap\ndata:\n  value: ${toBase64(fakeToken('', 20, ALNUM, 20))}\n`],
    };
    },
  },
  {
    id: 'connection-string-password',
    kind: 'password in a connection string',
    severity: 'high',
    priority: 1,
    regex: /(?<![\w-])(?:password|pwd)[ \t]*=[ \t]*(?<secret>[^;"'\s<>{}$%()[\],]{6,128})(?=[;"'\s)\],]|$)/i,
    keywords: ['password=', 'pwd=', 'password =', 'pwd ='],
    allowlist: { line: [/^(?![\s\S]*(?:server|host|data source|database|initial catalog|user id|uid)\s*=)/i] },
    validate: (context) => passwordValue(context.secret),
    get examples(): RuleExamples {
      return {
      positive: [`"Server=db.internal;Database=app;User Id=svc;Password=${fakeToken('', 14, ALNUM, 21)};"`],
      negative: ['Server=db;Database=app;User Id=sa;Password=password;', 'Server=db;Password=<password>;', `-- Password=${fakeToken('', 14, ALNUM, 22)} is not a connection string`],
    };
    },
  },
  {
    id: 'xml-config-password',
    kind: 'password in an XML config',
    severity: 'high',
    priority: 1,
    regex: /<add\s+key\s*=\s*["'](?<name>[^"']*(?:password|secret|token|apikey|api_key)[^"']*)["']\s+value\s*=\s*["'](?<secret>[^"']{4,})["']/i,
    keywords: ['<add '],
    validate: (context) => context.secret.length >= 6 && !isWeakPassword(context.secret),
    get examples(): RuleExamples {
      return {
      positive: [`<add key="ClearTextPassword" value="${fakeToken('', 14, ALNUM, 23)}" />`],
      negative: ['<add key="ClearTextPassword" value="%TestSourcePassword%" />', '<add key="ClearTextPassword" value="abc" />', '<add key="Password" value="XXXXXXXXXXX" />'],
    };
    },
  },
  {
    id: 'generic-secret',
    kind: 'secret assigned to a secret-named variable',
    severity: 'medium',
    priority: 0,
    regex: new RegExp(String.raw`(?:secret|token|api[_.-]?key|access[_.-]?key|private[_.-]?key|credentials?|auth)[\w.$-]{0,40}?["'\`]?[ \t]{0,32}(?:=>|:=|\?=|\|\|=|=|:|,)[ \t]{0,4}(?<q>["'\`]?)${valueCapture(SECRET_VALUE)}`, 'i'),
    afterKeyword: literalAssignmentGate(SECRET_VALUE),
    keywords: ['secret', 'token', 'api_key', 'apikey', 'api-key', 'api.key', 'access_key', 'accesskey', 'access-key', 'private_key', 'privatekey', 'private-key', 'credential', '_auth', '-auth', '.auth', 'auth_', 'auth-', 'auth=', 'auth:', 'auth"', "auth'", 'auth '],
    allowUuid: true,
    validate: (context) => assignment(context, 'secret') && genericValue(context.secret),
    get examples(): RuleExamples {
      return {
      positive: [`client_secret = "${fakeToken('', 32, ALNUM, 24)}"`, `API_TOKEN=${fakeToken('', 40, HEX, 25)}`, `{"credentials": "${fakeToken('', 24, BASE64, 26)}"}`, `getEnvOrDefault("api_token", "${fakeUuid(27)}")`],
      negative: ['foreign_key_id = vh987tyw9ehy8ghis7vwyhiwbwitefy7w3ASDGYDGUASDG', 'secret_length = X25519.secret_length', 'api_token = os.environ["API_TOKEN"]', `clientId = "${fakeUuid(28)}"`, 'tokenUrl = "https://example.net/oauth/token"', 'keyVaultToStoreSecrets: cmp2-qat-1208358310', 'NextToken: input.NextToken,'],
    };
    },
  },
  {
    id: 'hardcoded-password',
    kind: 'hardcoded password',
    severity: 'medium',
    priority: 0,
    blocking: false,
    regex: new RegExp(String.raw`(?:passw(?:or)?d|pwd|passphrase|pass)[\w.$-]{0,40}?["'\`]?[ \t]{0,32}(?:=>|:=|\?=|\|\|=|===?|!==?|=|:|,)[ \t]{0,4}(?<q>["'\`]?)${valueCapture(PASSWORD_VALUE)}`, 'i'),
    afterKeyword: literalAssignmentGate(PASSWORD_VALUE),
    keywords: ['passw', 'pwd', 'passphrase', '_pass', 'pass_', '-pass', '.pass'],
    validate: (context) => assignment(context, 'password') && passwordValue(context.secret),
    get examples(): RuleExamples {
      return {
      positive: [`administrator_login_password = "${fakeToken('', 12, ALNUM, 29)}"`, `DB_PASSWORD=${fakeToken('', 22, HEX, 30)}`, `  password: "${fakeToken('', 10, LOWER, 31)}"`],
      negative: ['password = "${aws_db_instance.default.password}"', 'password: "changeme"', 'const password = "Password123!"', 'password = os.getenv("DB_PASSWORD")', 'passwordRegex = "^(?=.*[a-z]).{8,}$"', 'PuttyPassword=0', 'snowflake.password='],
    };
    },
  },
  {
    id: 'generic-high-entropy',
    kind: 'high-entropy string',
    severity: 'low',
    category: 'high-entropy',
    blocking: false,
    optIn: true,
    priority: -1,
    regex: /(?<q>["'`])(?<secret>[A-Za-z0-9+/=_-]{20,512})\k<q>/,
    keywords: [],
    gate: () => true,
    scope: 'file',
    validate: (context) => {
      const value = context.secret;
      if (hasSequence(value)) return false;
      if (/^[0-9a-f]+$/i.test(value)) return value.length >= 32 && ![32, 40, 64, 128].includes(value.length) && shannonEntropy(value) >= 3.5;
      return /[0-9]/.test(value) && /[A-Za-z]/.test(value) && shannonEntropy(value) >= 4.3 && !isUuid(value) && !/^[A-Za-z]+(?:[_-][A-Za-z0-9]+)*$/.test(value);
    },
    get examples(): RuleExamples {
      return {
      positive: [`const blob = "${fakeToken('', 40, BASE64, 32)}";`],
      negative: [`const sha = "${fakeToken('', 40, HEX, 33)}";`, 'const name = "some_identifier_with_words";', `id = "${fakeUuid(34)}"`],
    };
    },
  },
];
