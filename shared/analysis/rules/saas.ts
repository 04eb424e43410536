/** Developer services and SaaS APIs: package registries, observability, secret managers, productivity and social APIs. */
import { decodeBase64 } from '../text';
import { ALNUM, BASE64URL, DIGITS, HEX, LOWER, LOWER_ALNUM, UPPER_ALNUM, fakeToken, fakeUuid, toBase64 } from './fake';
import { assignmentFollows, contextRegex, token, type MatchContext, type SecretRule, type RuleExamples } from './rule';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const hasDigit = (context: MatchContext) => /[0-9]/.test(context.secret);
const mixed = (context: MatchContext) => /[0-9]/.test(context.secret) && /[A-Z]/.test(context.secret) && /[a-z]/.test(context.secret);
const onePasswordKey = () => {
  const part = (length: number, seed: number) => fakeToken('', length, UPPER_ALNUM, seed);
  return `A3-${part(6, 60)}-${part(11, 61)}-${part(5, 62)}-${part(5, 63)}-${part(5, 64)}`;
};

export const SAAS_RULES: readonly SecretRule[] = [
  {
    id: 'npm-token',
    kind: 'npm access token',
    severity: 'high',
    regex: token('npm_[A-Za-z0-9]{36}'),
    keywords: ['npm_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('npm_', 36, ALNUM, 1)], negative: [`npm_${'x'.repeat(36)}`, 'npm_config_registry'] };
    },
  },
  {
    id: 'npmrc-auth-token',
    kind: 'npm registry auth token',
    severity: 'high',
    regex: /(?<![\w])_auth(?:Token)?[ \t]*=[ \t]*["']?(?<secret>[A-Za-z0-9+/=._-]{8,})/,
    keywords: ['_auth'],
    allowUuid: true,
    entropy: 3,
    allowlist: { line: [/^(?![ \t]*(?:\/\/[^\s=]*:)?_auth(?:Token)?[ \t]*=)/] },
    get examples(): RuleExamples {
      return { positive: [`//registry.npmjs.org/:_authToken=${fakeUuid(2)}`, `_auth=${toBase64(`ci:${fakeToken('', 16, ALNUM, 3)}`)}`], negative: ['//registry.npmjs.org/:_authToken=${NPM_TOKEN}', 'self._auth = HTTPBasicAuth(user, password)'] };
    },
  },
  {
    id: 'pypi-token',
    kind: 'PyPI upload token',
    severity: 'high',
    regex: token('pypi-Ag(?:EIcHlwaS5vcmc|ENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}'),
    keywords: ['pypi-ag'],
    entropy: 4,
    get examples(): RuleExamples {
      return { positive: [fakeToken('pypi-AgEIcHlwaS5vcmc', 150, BASE64URL, 4)], negative: ['pypi-AgEIcHlwaS5vcmc'] };
    },
  },
  {
    id: 'docker-pat',
    kind: 'Docker Hub access token',
    severity: 'high',
    regex: token('dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}'),
    keywords: ['dckr_pat_', 'dckr_oat_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('dckr_pat_', 27, BASE64URL, 5)], negative: ['dckr_pat_tooshort', 'DOCKER_TOKEN=not_a_real_token'] };
    },
  },
  {
    id: 'docker-config-auth',
    kind: 'Docker registry credentials',
    severity: 'high',
    regex: /"auth"\s*:\s*"(?<secret>[A-Za-z0-9+/]{12,}={0,2})"/,
    keywords: ['"auth"'],
    entropy: 3,
    validate: (context) => /^[^:\s]+:[^\s]{4,}$/.test(decodeBase64(context.secret)),
    get examples(): RuleExamples {
      return { positive: [`{"auths": {"registry.example.com": {"auth": "${toBase64(`ci:${fakeToken('', 16, ALNUM, 6)}`)}"}}}`], negative: ['{"auths": {"registry.example.com": {"auth": ""}}}', '{"auth": "${REGISTRY_AUTH}"}'] };
    },
  },
  {
    id: 'postman-api-key',
    kind: 'Postman API key',
    severity: 'high',
    regex: token('PMAK-[a-f0-9]{24}-[a-f0-9]{34}'),
    keywords: ['pmak-'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [`${fakeToken('PMAK-', 24, HEX, 7)}-${fakeToken('', 34, HEX, 8)}`], negative: ['PMAK-<key>'] };
    },
  },
  {
    id: 'linear-api-key',
    kind: 'Linear API key',
    severity: 'high',
    regex: token('lin_api_[A-Za-z0-9]{40}|lin_oauth_[a-f0-9]{64}'),
    keywords: ['lin_api_', 'lin_oauth_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('lin_api_', 40, ALNUM, 9)], negative: [`lin_api_${'x'.repeat(40)}`] };
    },
  },
  {
    id: 'doppler-token',
    kind: 'Doppler token',
    severity: 'high',
    regex: token(String.raw`dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9_-]{40,}`),
    keywords: ['dp.'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('dp.pt.', 43, ALNUM, 10), fakeToken('dp.st.prd.', 43, ALNUM, 11).replace('dp.st.prd.', 'dp.st.')], negative: ['dp.pt.example'] };
    },
  },
  {
    id: 'grafana-cloud-token',
    kind: 'Grafana Cloud token',
    severity: 'high',
    regex: token('glc_[A-Za-z0-9+/]{32,400}={0,3}'),
    keywords: ['glc_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`glc_${toBase64(JSON.stringify({ o: fakeToken('', 6, DIGITS, 12), n: 'stack', k: fakeToken('', 24, ALNUM, 13) }))}`], negative: ['static void GLC_CreateLightmapTextureArray(void);', `glc_${'x'.repeat(40)}`] };
    },
  },
  {
    id: 'grafana-service-account-token',
    kind: 'Grafana service account token',
    severity: 'high',
    regex: token('glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}'),
    keywords: ['glsa_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`${fakeToken('glsa_', 32, ALNUM, 14)}_${fakeToken('', 8, HEX, 15)}`], negative: [`glsa_${'X'.repeat(32)}_AAAAAAAA`] };
    },
  },
  {
    id: 'grafana-api-key',
    kind: 'Grafana API key',
    severity: 'high',
    regex: token('eyJrIjoi[A-Za-z0-9]{70,400}={0,3}'),
    keywords: ['eyjrijoi'],
    entropy: 4,
    get examples(): RuleExamples {
      return { positive: [toBase64(JSON.stringify({ k: fakeToken('', 40, ALNUM, 16), n: 'ci', id: 1 })).replace(/[+/]/g, 'A')], negative: ['eyJrIjoi'] };
    },
  },
  {
    id: 'datadog-api-key',
    kind: 'Datadog API or application key',
    severity: 'high',
    priority: 1,
    regex: contextRegex(String.raw`datadog|dd[_\-]?(?:api|app|application)[_\-]?key`, '[a-f0-9]{40}|[a-f0-9]{32}'),
    afterKeyword: assignmentFollows,
    keywords: ['datadog', 'dd_api', 'dd-api', 'ddapi', 'dd_app', 'dd-app', 'ddapp'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [`DD_API_KEY=${fakeToken('', 32, HEX, 17)}`, `datadog_app_key: "${fakeToken('', 40, HEX, 18)}"`], negative: ['DD_API_KEY=${DD_API_KEY}', `datadog_site = "${fakeToken('', 20, HEX, 19)}"`] };
    },
  },
  {
    id: 'newrelic-key',
    kind: 'New Relic key',
    severity: 'high',
    regex: token('NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9_-]{32}|NRJS-[a-f0-9]{19}|[a-f0-9]{36}NRAL'),
    keywords: ['nrak-', 'nrii-', 'nrjs-', 'nral'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('NRAK-', 27, UPPER_ALNUM, 20), fakeToken('NRII-', 32, BASE64URL, 21)], negative: [`NRAK-${'X'.repeat(27)}`] };
    },
  },
  {
    id: 'sentry-token',
    kind: 'Sentry auth token',
    severity: 'high',
    regex: token('sntrys_eyJ[A-Za-z0-9+/=_-]{60,}|sntryu_[a-f0-9]{64}'),
    keywords: ['sntrys_', 'sntryu_'],
    entropy: 4,
    get examples(): RuleExamples {
      return { positive: [`sntrys_${toBase64(JSON.stringify({ iat: 1700000000, url: 'https://sentry.io', org: 'demo' }))}_${fakeToken('', 43, ALNUM, 22)}`, fakeToken('sntryu_', 64, HEX, 23)], negative: ['sntrys_eyJ'] };
    },
  },
  {
    id: 'vault-token',
    kind: 'HashiCorp Vault token',
    severity: 'critical',
    regex: /(?<![A-Za-z0-9_.-])(?<secret>hv[sbr]\.[A-Za-z0-9_-]{24,})(?![A-Za-z0-9_-])/,
    keywords: ['hvs.', 'hvb.', 'hvr.'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('hvs.', 95, BASE64URL, 24), fakeToken('hvb.', 138, BASE64URL, 25)], negative: ['hvb.tooshortxxx', '# token: hvs.example', `hvs.${'x'.repeat(90)}`] };
    },
  },
  {
    id: 'vault-token-legacy',
    kind: 'HashiCorp Vault token (legacy)',
    severity: 'critical',
    regex: /(?<![A-Za-z0-9_.-])(?<secret>s\.[A-Za-z0-9]{24})(?![A-Za-z0-9_.-])/,
    keywords: ['vault'],
    scope: 'file',
    entropy: 3.5,
    validate: mixed,
    get examples(): RuleExamples {
      return { positive: [`export VAULT_ADDR=https://vault.internal\nexport VAULT_TOKEN=s.${fakeToken('', 24, ALNUM, 26)}`], negative: ['# vault\ns.THISSTRINGISALLUPPERCASE', '# vault\ns.AcceptanceTimeoutSeconds', `s.${fakeToken('', 24, ALNUM, 27)}`] };
    },
  },
  {
    id: 'terraform-cloud-token',
    kind: 'Terraform Cloud API token',
    severity: 'high',
    regex: token(String.raw`[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}`),
    keywords: ['.atlasv1.'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`${fakeToken('', 14, ALNUM, 28)}.atlasv1.${fakeToken('', 67, ALNUM, 29)}`], negative: [`token = "${'x'.repeat(14)}.atlasv1.${'x'.repeat(67)}"`] };
    },
  },
  {
    id: 'sonar-token',
    kind: 'SonarQube token',
    severity: 'high',
    regex: token('sq[pua]_[A-Za-z0-9]{40}'),
    keywords: ['sqp_', 'squ_', 'sqa_'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [fakeToken('sqp_', 40, HEX, 30)], negative: [`sqp_${'x'.repeat(40)}`] };
    },
  },
  {
    id: 'sonar-token-legacy',
    kind: 'SonarQube token (legacy)',
    severity: 'high',
    priority: 1,
    regex: contextRegex(String.raw`sonar[_.\-]?(?:login|token|key)`, '[A-Za-z0-9]{40}'),
    afterKeyword: assignmentFollows,
    keywords: ['sonar'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [`SONAR_TOKEN=${fakeToken('', 40, HEX, 31)}`], negative: ['SONAR_TOKEN=${SONAR_TOKEN}', `sonar.host.url=${fakeToken('', 40, HEX, 32)}`] };
    },
  },
  {
    id: 'snyk-token',
    kind: 'Snyk API token',
    severity: 'high',
    priority: 1,
    regex: contextRegex('snyk', UUID),
    afterKeyword: assignmentFollows,
    keywords: ['snyk'],
    allowUuid: true,
    get examples(): RuleExamples {
      return { positive: [`SNYK_TOKEN=${fakeUuid(33)}`], negative: ['SNYK_TOKEN=${{ secrets.SNYK_TOKEN }}'] };
    },
  },
  {
    id: 'artifactory-api-key',
    kind: 'JFrog Artifactory API key',
    severity: 'high',
    regex: token('AKCp[A-Za-z0-9]{69}'),
    keywords: ['akcp'],
    entropy: 4,
    get examples(): RuleExamples {
      return { positive: [fakeToken('AKCp', 69, ALNUM, 34)], negative: [`lowEntropy := AKCp${'X'.repeat(69)}`] };
    },
  },
  {
    id: 'artifactory-reference-token',
    kind: 'JFrog Artifactory reference token',
    severity: 'high',
    regex: token('cmVmdGtu[A-Za-z0-9]{56}'),
    keywords: ['cmvmdgtu'],
    entropy: 4,
    get examples(): RuleExamples {
      return { positive: [fakeToken('cmVmdGtu', 56, ALNUM, 35)], negative: [`cmVmdGtu${'X'.repeat(56)}`] };
    },
  },
  {
    id: 'atlassian-api-token',
    kind: 'Atlassian API token',
    severity: 'high',
    regex: token('ATATT3[A-Za-z0-9_=-]{186}'),
    keywords: ['atatt3'],
    entropy: 4,
    get examples(): RuleExamples {
      return { positive: [fakeToken('ATATT3', 186, BASE64URL, 36)], negative: [`ATATT3${'x'.repeat(186)}`] };
    },
  },
  {
    id: 'atlassian-api-token-legacy',
    kind: 'Atlassian API token (legacy)',
    severity: 'high',
    priority: 1,
    regex: contextRegex('atlassian|confluence|jira', '[A-Za-z0-9]{24}'),
    afterKeyword: assignmentFollows,
    keywords: ['atlassian', 'confluence', 'jira'],
    entropy: 3.5,
    validate: hasDigit,
    get examples(): RuleExamples {
      return { positive: [`JIRA_API_TOKEN=${fakeToken('', 24, ALNUM, 37)}`], negative: ['getPagesInConfluenceSpace,searchConfluenceUsingCql'] };
    },
  },
  {
    id: 'okta-api-token',
    kind: 'Okta API token',
    severity: 'high',
    priority: 1,
    regex: contextRegex('okta', '00[A-Za-z0-9_-]{40}'),
    afterKeyword: assignmentFollows,
    keywords: ['okta'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`"oktaApiToken": "${fakeToken('00', 40, BASE64URL, 38)}"`], negative: [`oktaKey = ${'0'.repeat(35)}TUVWXYZ`] };
    },
  },
  {
    id: 'sumologic-access-id',
    kind: 'Sumo Logic access id',
    severity: 'low',
    blocking: false,
    priority: 1,
    regex: contextRegex('sumo', 'su[A-Za-z0-9]{12}'),
    afterKeyword: assignmentFollows,
    keywords: ['sumo'],
    entropy: 3,
    validate: hasDigit,
    get examples(): RuleExamples {
      return { positive: [`SUMO_ACCESS_ID = "su${fakeToken('9', 11, ALNUM, 39)}"`], negative: ['export SUMOLOGIC_ACCESSID=XXXXXXXXXXXXXX', 'sumologic_access_id = ""'] };
    },
  },
  {
    id: 'sumologic-access-key',
    kind: 'Sumo Logic access key',
    severity: 'high',
    priority: 1,
    regex: contextRegex('sumo', '[A-Za-z0-9]{64}'),
    afterKeyword: assignmentFollows,
    keywords: ['sumo'],
    entropy: 4,
    get examples(): RuleExamples {
      return { positive: [`SUMO_ACCESS_KEY: ${fakeToken('', 64, ALNUM, 40)}`], negative: [`#   SUMO_ACCESS_KEY=${'x'.repeat(64)}`, 'SUMO_ACCESS_KEY={SumoAccessKey}'] };
    },
  },
  {
    id: 'notion-token',
    kind: 'Notion integration token',
    severity: 'high',
    regex: /(?<![A-Za-z0-9_])(?<secret>ntn_\d{11}[A-Za-z0-9]{35})(?![A-Za-z0-9_])/,
    keywords: ['ntn_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`${fakeToken('ntn_', 11, DIGITS, 41)}${fakeToken('', 35, ALNUM, 42)}`], negative: ['ntn_12345678901', `${fakeToken('ntn_', 10, DIGITS, 43)}${fakeToken('', 36, ALNUM, 44)}`, `${fakeToken('NTN_', 11, DIGITS, 45)}${fakeToken('', 35, ALNUM, 46)}`] };
    },
  },
  {
    id: 'notion-token-legacy',
    kind: 'Notion integration token (legacy)',
    severity: 'high',
    priority: 1,
    regex: contextRegex('notion', 'secret_[A-Za-z0-9]{43}'),
    afterKeyword: assignmentFollows,
    keywords: ['notion'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`NOTION_TOKEN=${fakeToken('secret_', 43, ALNUM, 47)}`], negative: ['NOTION_TOKEN=secret_...'] };
    },
  },
  {
    id: '1password-secret-key',
    kind: '1Password account secret key',
    severity: 'critical',
    regex: token('A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}'),
    keywords: ['a3-'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [onePasswordKey()], negative: ['A3-XXXXXX-XXXXXXXXXXX-XXXXX-XXXXX-XXXXX'] };
    },
  },
  {
    id: '1password-service-account-token',
    kind: '1Password service account token',
    severity: 'critical',
    regex: token('ops_eyJ[A-Za-z0-9+/=_-]{250,}'),
    keywords: ['ops_eyj'],
    entropy: 4,
    get examples(): RuleExamples {
      return { positive: [`ops_${toBase64(JSON.stringify({ signInAddress: 'my.1password.com', userAuth: { method: 'SRPg-4096', alg: 'PBES2g-HS256', iterations: 650000, salt: fakeToken('', 22, BASE64URL, 48) }, email: `${fakeToken('', 12, LOWER, 49)}@1passwordserviceaccounts.com`, srpX: fakeToken('', 64, HEX, 50), muk: { k: fakeToken('', 43, BASE64URL, 51) } }))}`], negative: [`ops_eyJ${'x'.repeat(260)}`] };
    },
  },
  {
    id: 'figma-token',
    kind: 'Figma access token',
    severity: 'high',
    regex: token('figd_[A-Za-z0-9_-]{40,}'),
    keywords: ['figd_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('figd_', 40, BASE64URL, 52)], negative: ['figd_abc'] };
    },
  },
  {
    id: 'infracost-api-token',
    kind: 'Infracost API token',
    severity: 'high',
    regex: /(?<![A-Za-z0-9_.-])(?<secret>ico-[A-Za-z0-9]{32})(?![A-Za-z0-9_-])/,
    keywords: ['ico-'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('ico-', 32, ALNUM, 53)], negative: [`video_box.ico-${fakeToken('', 32, HEX, 54)}.png`, `ico-${'X'.repeat(32)}`] };
    },
  },
  {
    id: 'octopus-deploy-api-key',
    kind: 'Octopus Deploy API key',
    severity: 'high',
    regex: token('API-[A-Z0-9]{26}'),
    keywords: ['api-'],
    entropy: 3.5,
    validate: hasDigit,
    get examples(): RuleExamples {
      return { positive: [`set apikey="${fakeToken('API-', 26, UPPER_ALNUM, 55)}"`], negative: ['msgstr "GSSAPI-VIRHEKAPSELOINTIMERKKIJONO."', `https://fog.notion.site/API-${fakeToken('', 32, UPPER_ALNUM, 56)}`] };
    },
  },
  {
    id: 'intra42-client-secret',
    kind: '42 Intra client secret',
    severity: 'high',
    regex: token('s-s4t2(?:ud|af)-[a-f0-9]{64}'),
    keywords: ['s-s4t2'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [fakeToken('s-s4t2ud-', 64, HEX, 57)], negative: ['s-s4t2ud-'] };
    },
  },
  {
    id: 'maxmind-license-key',
    kind: 'MaxMind license key',
    severity: 'high',
    regex: token('[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk'),
    keywords: ['_mmk'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`${fakeToken('', 6, ALNUM, 58)}_${fakeToken('', 29, ALNUM, 59)}_mmk`], negative: ['license_mmk'] };
    },
  },
  {
    id: 'clickhouse-cloud-secret',
    kind: 'ClickHouse Cloud API secret',
    severity: 'high',
    regex: token('4b1d[A-Za-z0-9]{38}'),
    keywords: ['4b1d'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('4b1d', 38, ALNUM, 60)], negative: [`key = 4b1d${'X'.repeat(38)}`] };
    },
  },
  {
    id: 'tailscale-key',
    kind: 'Tailscale key',
    severity: 'high',
    regex: /(?<![A-Za-z])(?<secret>tskey-[a-z]+-[A-Za-z0-9]{8,}-[A-Za-z0-9]{16,})(?![A-Za-z0-9_-])/,
    keywords: ['tskey-'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`tskey-auth-${fakeToken('k', 11, ALNUM, 61)}-${fakeToken('', 32, ALNUM, 62)}`], negative: ['A short string like tskey-foo is not a key.', `xtskey-api-${fakeToken('', 12, ALNUM, 63)}-${fakeToken('', 24, ALNUM, 64)}`] };
    },
  },
  {
    id: 'openshift-user-token',
    kind: 'OpenShift user token',
    severity: 'high',
    regex: token('sha256~[A-Za-z0-9_-]{43}'),
    keywords: ['sha256~'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`oc login --token=${fakeToken('sha256~', 43, BASE64URL, 65)}`], negative: ['--set token="sha256~XXXXXXXXXX_PUT_YOUR_TOKEN_HERE_XXXXXXXXXXXX"'] };
    },
  },
  {
    id: 'hubspot-api-key',
    kind: 'HubSpot API key',
    severity: 'high',
    priority: 1,
    regex: contextRegex('hubspot', UUID),
    afterKeyword: assignmentFollows,
    keywords: ['hubspot'],
    allowUuid: true,
    get examples(): RuleExamples {
      return { positive: [`const hubspotKey = "${fakeUuid(66)}"`], negative: ['HUBSPOT_API_KEY=<key>'] };
    },
  },
  {
    id: 'hubspot-private-app-token',
    kind: 'HubSpot private app token',
    severity: 'high',
    regex: new RegExp(`(?<![\\w-])(?<secret>pat-(?:na|eu)\\d-${UUID})(?![\\w-])`),
    keywords: ['pat-na', 'pat-eu'],
    allowUuid: true,
    get examples(): RuleExamples {
      return { positive: [`pat-na1-${fakeUuid(67)}`], negative: ['pat-na1-<token>'] };
    },
  },
  {
    id: 'facebook-page-token',
    kind: 'Facebook access token',
    severity: 'high',
    regex: token('EAA[MC][A-Za-z0-9]{100,}'),
    keywords: ['eaam', 'eaac'],
    entropy: 4,
    get examples(): RuleExamples {
      return { positive: [fakeToken('EAAM', 160, ALNUM, 68)], negative: [`EAAM${'x'.repeat(120)}`] };
    },
  },
  {
    id: 'facebook-app-token',
    kind: 'Facebook app access token',
    severity: 'high',
    regex: /(?<![0-9])(?<secret>\d{15,16}(?:\||%7C)[A-Za-z0-9_-]{27})(?![A-Za-z0-9_-])/,
    keywords: ['facebook'],
    scope: 'file',
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`facebook ${fakeToken('1', 15, DIGITS, 69)}|${fakeToken('', 27, BASE64URL, 70)}`], negative: [`${fakeToken('1', 15, DIGITS, 71)}|${fakeToken('', 27, BASE64URL, 72)}`] };
    },
  },
  {
    id: 'facebook-app-secret',
    kind: 'Facebook app secret',
    severity: 'high',
    priority: 1,
    regex: contextRegex(String.raw`facebook|fb[_\-]?app[_\-]?secret|fb[_\-]?secret`, '[a-f0-9]{32}'),
    afterKeyword: assignmentFollows,
    keywords: ['facebook', 'fb_app', 'fb-app', 'fb_secret', 'fb-secret'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [`facebook_app_secret = "${fakeToken('', 32, HEX, 73)}"`], negative: ['facebook_app_secret = "${FB_SECRET}"'] };
    },
  },
  {
    id: 'google-oauth-client-secret',
    kind: 'Google OAuth client secret',
    severity: 'high',
    regex: token('GOCSPX-[A-Za-z0-9_-]{28}'),
    keywords: ['gocspx-'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('GOCSPX-', 28, BASE64URL, 74)], negative: ['GOCSPX-<secret>'] };
    },
  },
  {
    id: 'google-oauth-access-token',
    kind: 'Google OAuth access token',
    severity: 'high',
    regex: token(String.raw`ya29\.[A-Za-z0-9_-]{30,}`),
    keywords: ['ya29.'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('ya29.a0', 150, BASE64URL, 75)], negative: ['ya29.xxx'] };
    },
  },
  {
    id: 'algolia-admin-key',
    kind: 'Algolia admin API key',
    severity: 'high',
    priority: 1,
    regex: contextRegex(String.raw`algolia[\w.\-]{0,20}?(?:admin|write|secret|api)`, '[a-f0-9]{32}'),
    afterKeyword: assignmentFollows,
    keywords: ['algolia'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [`ALGOLIA_ADMIN_KEY=${fakeToken('', 32, HEX, 76)}`], negative: ['ALGOLIA_ADMIN_KEY=${ALGOLIA_ADMIN_KEY}'] };
    },
  },
  {
    id: 'pulumi-access-token',
    kind: 'Pulumi access token',
    severity: 'high',
    regex: token('pul-[a-f0-9]{40}'),
    keywords: ['pul-'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [fakeToken('pul-', 40, HEX, 77)], negative: [`vipul-${fakeToken('', 64, HEX, 78)}.png`] };
    },
  },
  {
    id: 'readme-api-key',
    kind: 'ReadMe API key',
    severity: 'high',
    regex: token('rdme_[a-z0-9]{70}'),
    keywords: ['rdme_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('rdme_', 70, LOWER_ALNUM, 79)], negative: [`rdme_${'x'.repeat(70)}`] };
    },
  },
  {
    id: 'prefect-api-key',
    kind: 'Prefect API key',
    severity: 'high',
    regex: token('pnu_[A-Za-z0-9]{36}'),
    keywords: ['pnu_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('pnu_', 36, ALNUM, 80)], negative: [`pnu_${'X'.repeat(36)}`] };
    },
  },
  {
    id: 'dynatrace-api-token',
    kind: 'Dynatrace API token',
    severity: 'high',
    regex: token(String.raw`dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}`),
    keywords: ['dt0c01.'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`${fakeToken('dt0c01.', 24, UPPER_ALNUM, 81)}.${fakeToken('', 64, UPPER_ALNUM, 82)}`], negative: ['dt0c01.ABC'] };
    },
  },
  {
    id: 'planetscale-token',
    kind: 'PlanetScale token or password',
    severity: 'high',
    regex: token('pscale_(?:tkn|oauth|pw)_[A-Za-z0-9_.-]{32,64}'),
    keywords: ['pscale_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('pscale_tkn_', 43, BASE64URL, 83)], negative: ['pscale_tkn_short'] };
    },
  },
  {
    id: 'rubygems-api-key',
    kind: 'RubyGems API key',
    severity: 'high',
    regex: token('rubygems_[a-f0-9]{48}'),
    keywords: ['rubygems_'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [fakeToken('rubygems_', 48, HEX, 84)], negative: ['rubygems_version'] };
    },
  },
  {
    id: 'clojars-token',
    kind: 'Clojars deploy token',
    severity: 'high',
    regex: token('CLOJARS_[a-z0-9]{60}'),
    keywords: ['clojars_'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [fakeToken('CLOJARS_', 60, LOWER_ALNUM, 85)], negative: ['CLOJARS_USERNAME'] };
    },
  },
  {
    id: 'nuget-api-key',
    kind: 'NuGet API key',
    severity: 'high',
    regex: token('oy2[a-z0-9]{43}'),
    keywords: ['oy2'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('oy2', 43, LOWER_ALNUM, 86)], negative: [`oy2${'a'.repeat(43)}`] };
    },
  },
  {
    id: 'supabase-access-token',
    kind: 'Supabase access token',
    severity: 'high',
    regex: token('sbp_[a-f0-9]{40}'),
    keywords: ['sbp_'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [fakeToken('sbp_', 40, HEX, 87)], negative: ['sbp_<token>'] };
    },
  },
  {
    id: 'contentful-token',
    kind: 'Contentful personal access token',
    severity: 'high',
    regex: token('CFPAT-[A-Za-z0-9_-]{43}'),
    keywords: ['cfpat-'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('CFPAT-', 43, BASE64URL, 88)], negative: ['CFPAT-<token>'] };
    },
  },
  {
    id: 'mapbox-secret-token',
    kind: 'Mapbox secret token',
    severity: 'high',
    regex: token(String.raw`sk\.eyJ[A-Za-z0-9_-]{40,}\.[A-Za-z0-9_-]{20,}`),
    keywords: ['sk.eyj'],
    entropy: 4,
    get examples(): RuleExamples {
      return { positive: [`sk.${toBase64(JSON.stringify({ u: 'demo-user', a: fakeToken('', 25, ALNUM, 89) })).replace(/=+$/, '')}.${fakeToken('', 22, BASE64URL, 90)}`], negative: ['sk.eyJ1Ijoi'] };
    },
  },
  {
    id: 'shippo-api-token',
    kind: 'Shippo API token',
    severity: 'high',
    regex: token('shippo_(?:live|test)_[a-f0-9]{40}'),
    keywords: ['shippo_'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [fakeToken('shippo_live_', 40, HEX, 91)], negative: ['shippo_live_<token>'] };
    },
  },
  {
    id: 'easypost-api-key',
    kind: 'EasyPost API key',
    severity: 'high',
    regex: token('EZ[AT]K[A-Za-z0-9]{54}'),
    keywords: ['ezak', 'eztk'],
    entropy: 4,
    get examples(): RuleExamples {
      return { positive: [fakeToken('EZAK', 54, ALNUM, 92)], negative: [`EZAK${'X'.repeat(54)}`] };
    },
  },
  {
    id: 'netlify-token',
    kind: 'Netlify access token',
    severity: 'high',
    regex: token('nfp_[A-Za-z0-9]{36}'),
    keywords: ['nfp_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('nfp_', 36, ALNUM, 93)], negative: ['nfp_<token>'] };
    },
  },
  {
    id: 'render-api-key',
    kind: 'Render API key',
    severity: 'high',
    regex: token('rnd_[A-Za-z0-9]{32}'),
    keywords: ['rnd_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('rnd_', 32, ALNUM, 94)], negative: ['rnd_seed'] };
    },
  },
  {
    id: 'buildkite-token',
    kind: 'Buildkite API token',
    severity: 'high',
    regex: token('bkua_[a-f0-9]{40}'),
    keywords: ['bkua_'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [fakeToken('bkua_', 40, HEX, 95)], negative: ['bkua_<token>'] };
    },
  },
  {
    id: 'circleci-token',
    kind: 'CircleCI personal API token',
    severity: 'high',
    regex: token('CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}'),
    keywords: ['ccipat_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`${fakeToken('CCIPAT_', 22, ALNUM, 96)}_${fakeToken('', 40, HEX, 97)}`], negative: ['CCIPAT_<token>'] };
    },
  },
];

