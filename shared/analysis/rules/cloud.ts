/** Cloud platforms: AWS, Google Cloud, Azure, Alibaba, DigitalOcean, Heroku, Cloudflare, Vercel, Fly.io, Databricks, Scalingo. */
import { isPlaceholder } from '../placeholders';
import { BASE32, BASE64, BASE64URL, HEX, HEX_UPPER, ALNUM, LOWER_ALNUM, UPPER_ALNUM, fakeToken, fakeUuid, toBase64 } from './fake';
import { keyBody } from './keys';
import { assignedValueFollows, assignmentFollows, contextRegex, token, type SecretRule, type RuleExamples } from './rule';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const AWS_DOC_KEY = 'AKIA' + 'IOSFODNN7' + 'EXAMPLE';
const AWS_DOC_SECRET = ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCYEXAMPLEKEY'].join('/');

/** The characters of an AWS secret access key and of a session token (base64). */
const SECRET_KEY_CHAR = '[A-Za-z0-9/+]';
const SESSION_TOKEN_CHAR = '[A-Za-z0-9/+=]';

const mixed = (value: string) => /[0-9]/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value);

export const CLOUD_RULES: readonly SecretRule[] = [
  {
    id: 'aws-access-key-id',
    kind: 'AWS access key id',
    severity: 'critical',
    regex: /(?<![A-Za-z0-9])(?<secret>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Za-z0-9])/,
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    entropy: 3,
    get examples(): RuleExamples {
      return {
      positive: [fakeToken('AKIA', 16, BASE32, 1), `aws_access_key_id = ${fakeToken('ASIA', 16, BASE32, 2)}`, `"${fakeToken('ABIA', 16, BASE32, 3)}"`],
      negative: [AWS_DOC_KEY, `key: ${fakeToken('ACCA', 16, 'ACGT', 4)}`, fakeToken('AKIA', 12, BASE32, 5), `x${fakeToken('AKIA', 16, BASE32, 6)}`],
    };
    },
  },
  {
    id: 'aws-secret-access-key',
    kind: 'AWS secret access key',
    severity: 'critical',
    regex: contextRegex(String.raw`aws[_.\-]?secret|secret[_.\-]?access[_.\-]?key|secret[_.\-]?key`, `${SECRET_KEY_CHAR}{40}(?![A-Za-z0-9/+=])`, 24),
    // Most `secret` hits in code are names (`SecretAccessKey: string`): no 40-character value follows.
    afterKeyword: assignedValueFollows(SECRET_KEY_CHAR, 40),
    keywords: ['secret'],
    entropy: 4,
    validate: (context) => mixed(context.secret),
    get examples(): RuleExamples {
      return {
      positive: [`aws_secret_access_key = ${fakeToken('', 40, BASE64, 7)}`, `"SecretAccessKey": "${fakeToken('', 40, BASE64, 8)}",`, `AWS_SECRET_ACCESS_KEY=${fakeToken('', 40, BASE64, 9)}`],
      negative: [`aws_secret_access_key = ${AWS_DOC_SECRET}`, 'aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}', `aws_secret_access_key = "${fakeToken('', 40, 'abcdef', 10)}"`],
    };
    },
  },
  {
    id: 'aws-session-token',
    kind: 'AWS session token',
    severity: 'high',
    priority: 1,
    regex: contextRegex(String.raw`aws[_.\-]?session[_.\-]?token|x-amz-security-token|sessiontoken`, `${SESSION_TOKEN_CHAR}{100,}`),
    afterKeyword: assignedValueFollows(SESSION_TOKEN_CHAR, 100),
    keywords: ['token'],
    entropy: 4,
    get examples(): RuleExamples {
      return {
      positive: [`aws_session_token = ${fakeToken('IQoJb3JpZ2luX2Vj', 300, BASE64, 11)}`],
      negative: ['aws_session_token = ${AWS_SESSION_TOKEN}', 'aws_session_token = ""'],
    };
    },
  },
  {
    id: 'aws-bedrock-api-key',
    kind: 'Amazon Bedrock API key',
    severity: 'critical',
    regex: /(?<![A-Za-z0-9+/])(?<secret>ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{100,}={0,2}|bedrock-api-key-Ym[V]kcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=%]*)/,
    keywords: ['absk', 'bedrock-api-key-'],
    entropy: 4,
    get examples(): RuleExamples {
      return {
      positive: ['ABSK' + toBase64(`BedrockAPIKey-${fakeToken('', 10, LOWER_ALNUM, 13)}-at-${fakeToken('', 12, '0123456789', 14)}:${fakeToken('', 60, BASE64, 15)}`), 'bedrock-api-key-' + toBase64(`bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Credential=${fakeToken('', 40, ALNUM, 16)}`)],
      negative: ['ABSKQmVkcm9ja0FQSUtleS1' + 'EXAMPLE'.repeat(16), 'bedrock-api-key-'],
    };
    },
  },
  {
    id: 'google-api-key',
    kind: 'Google API key',
    severity: 'high',
    regex: /(?<![A-Za-z0-9_-])(?<secret>AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/,
    keywords: ['aiza'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return {
      positive: [fakeToken('AIza', 35, BASE64URL, 17), `apiKey: "${fakeToken('AIzaSy', 33, BASE64URL, 18)}"`],
      negative: ['AIza' + 'a'.repeat(35), fakeToken('AIZA', 35, UPPER_ALNUM, 19), fakeToken('AIza', 30, BASE64URL, 20)],
    };
    },
  },
  {
    id: 'gcp-service-account',
    kind: 'Google Cloud service account key',
    severity: 'critical',
    regex: /"type"\s*:\s*"(?<secret>service_account)"/,
    keywords: ['"service_account"'],
    validate: (context) => {
      const text = context.text();
      const privateKey = /"private_key"\s*:\s*"([^"]*)"/.exec(text)?.[1];
      // Only a service-account file whose key we can see is a placeholder is harmless.
      if (privateKey !== undefined && keyBody(privateKey.replace(/-----(?:BEGIN|END)[^-]*-----/g, '')) === undefined) return false;
      const id = /"private_key_id"\s*:\s*"([^"]+)"/.exec(text)?.[1] ?? /"client_email"\s*:\s*"([^"]+)"/.exec(text)?.[1];
      return id !== undefined && !isPlaceholder(id) ? `${context.path}:${id}` : context.path;
    },
    get examples(): RuleExamples {
      return {
      positive: [`{\n  "type": "service_account",\n  "project_id": "demo",\n  "private_key_id": "${fakeToken('', 40, HEX, 21)}"\n}`],
      negative: ['{"type":"service_account","private_key_id":"...","private_key":"-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"}', '{"type": "authorized_user"}'],
    };
    },
  },
  {
    id: 'azure-storage-account-key',
    kind: 'Azure storage account key',
    severity: 'critical',
    regex: /AccountKey\s*[=:]\s*["']?(?<secret>[A-Za-z0-9+/]{86}==)/i,
    keywords: ['accountkey'],
    entropy: 4.5,
    get examples(): RuleExamples {
      return {
      positive: [`DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=${fakeToken('', 86, BASE64, 22)}==;EndpointSuffix=core.windows.net`],
      negative: ['AccountKey=<storage-account-key>', `AccountKey=${fakeToken('', 40, BASE64, 23)}==`],
    };
    },
  },
  {
    id: 'azure-shared-access-key',
    kind: 'Azure shared access key',
    severity: 'high',
    regex: /SharedAccessKey\s*=\s*(?<secret>[A-Za-z0-9+/]{42,44}=)/i,
    keywords: ['sharedaccesskey'],
    entropy: 4,
    get examples(): RuleExamples {
      return {
      positive: [`Endpoint=sb://demo.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${fakeToken('', 43, BASE64, 24)}=`],
      negative: ['Endpoint=sb://demo.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=${KEY}'],
    };
    },
  },
  {
    id: 'azure-ad-client-secret',
    kind: 'Azure AD client secret',
    severity: 'high',
    regex: /(?<![\w~.-])(?<secret>[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})(?![\w~.-])/,
    keywords: ['q~'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return {
      positive: [`client_secret=${fakeToken('', 3, ALNUM, 25)}8Q~${fakeToken('', 34, BASE64URL.replace('-', '~.'), 26)}`, `"${fakeToken('', 3, ALNUM, 27)}7Q~${fakeToken('', 31, ALNUM, 28)}"`],
      negative: [`client_secret=bP88Q~${'x'.repeat(34)}`, '~'.repeat(40), "'url': 'http://www.example.nl/speel~VARA_101375237~mh17~.html'"],
    };
    },
  },
  {
    id: 'alibaba-access-key-id',
    kind: 'Alibaba Cloud AccessKey id',
    severity: 'high',
    regex: /(?<![A-Za-z0-9])(?<secret>LTAI[A-Za-z0-9]{12,20})(?![A-Za-z0-9])/,
    keywords: ['ltai'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('LTAI', 20, ALNUM, 29)], negative: ['LTAI' + 'x'.repeat(20), `ALTAI${fakeToken('', 20, ALNUM, 30)}`] };
    },
  },
  {
    id: 'digitalocean-token',
    kind: 'DigitalOcean token',
    severity: 'high',
    regex: token('do[por]_v1_[a-f0-9]{64}'),
    keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [fakeToken('dop_v1_', 64, HEX, 31), fakeToken('dor_v1_', 64, HEX, 32)], negative: [fakeToken('dop_v1_', 32, HEX, 33)] };
    },
  },
  {
    id: 'heroku-api-key',
    kind: 'Heroku API key',
    severity: 'high',
    regex: token('HRKU-AA[A-Za-z0-9_-]{58}'),
    keywords: ['hrku-'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('HRKU-AA', 58, BASE64URL, 34)], negative: [fakeToken('HRKU-AA', 20, BASE64URL, 35)] };
    },
  },
  {
    id: 'heroku-api-key-legacy',
    kind: 'Heroku API key (legacy)',
    severity: 'high',
    priority: 1,
    regex: contextRegex('heroku', UUID),
    afterKeyword: assignmentFollows,
    keywords: ['heroku'],
    allowUuid: true,
    get examples(): RuleExamples {
      return { positive: [`HEROKU_API_KEY=${fakeUuid(36)}`, `const herokuKey = "${fakeUuid(37)}"`], negative: ['HEROKU_API_KEY=${HEROKU_API_KEY}', `heroku_app_id = ${fakeUuid(38)}x`] };
    },
  },
  {
    id: 'cloudflare-api-token',
    kind: 'Cloudflare API token',
    severity: 'high',
    regex: token('cf(?:at|ut|k)_[A-Za-z0-9]{48}'),
    keywords: ['cfat_', 'cfut_', 'cfk_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('cfat_', 48, ALNUM, 39), fakeToken('cfk_', 48, ALNUM, 40)], negative: ['cfat_tooshort', fakeToken('cfat_', 49, ALNUM, 41), fakeToken('xcfat_', 48, ALNUM, 42)] };
    },
  },
  {
    id: 'cloudflare-api-key-legacy',
    kind: 'Cloudflare API key',
    severity: 'high',
    priority: 1,
    regex: contextRegex(String.raw`cloudflare|cf[_\-]?(?:api|auth)`, '[a-f0-9]{37}|[A-Za-z0-9_-]{40}'),
    afterKeyword: assignmentFollows,
    keywords: ['cloudflare', 'cf_api', 'cf-api', 'cfapi', 'cf_auth', 'cf-auth'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`CLOUDFLARE_API_KEY=${fakeToken('', 37, HEX, 43)}`, `cf_api_token: "${fakeToken('', 40, BASE64URL, 44)}"`], negative: ['CLOUDFLARE_API_KEY=<your key>', `cloudflare_zone = ${fakeToken('', 37, HEX, 45)}1234`] };
    },
  },
  {
    id: 'cloudflare-origin-ca-key',
    kind: 'Cloudflare Origin CA key',
    severity: 'high',
    regex: token(String.raw`v1\.0-[a-f0-9]{24}-[a-f0-9]{146}`),
    keywords: ['v1.0-'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`${fakeToken('v1.0-', 24, HEX, 46)}-${fakeToken('', 146, HEX, 47)}`], negative: ['v1.0-beta', `v1.0-${fakeToken('', 24, HEX, 48)}`] };
    },
  },
  {
    id: 'vercel-token',
    kind: 'Vercel token',
    severity: 'high',
    regex: token('vc[pikar]_[A-Za-z0-9]{24,}'),
    keywords: ['vcp_', 'vci_', 'vck_', 'vca_', 'vcr_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('vcp_', 40, ALNUM, 49), fakeToken('vca_', 56, ALNUM, 50)], negative: ['vcp_abc', fakeToken('xvcp_', 40, ALNUM, 51)] };
    },
  },
  {
    id: 'flyio-token',
    kind: 'Fly.io access token',
    severity: 'high',
    regex: /(?<![A-Za-z0-9_])(?<secret>fo1_[A-Za-z0-9_-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3})(?![A-Za-z0-9_-])/,
    keywords: ['fo1_', 'fm1_', 'fm2_', 'fm1a_', 'fm1r_', 'fm2a_', 'fm2r_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('fo1_', 43, BASE64URL, 52), `FlyV1 ${fakeToken('fm2_', 160, BASE64, 53)}`], negative: [`api_key = "fo1_${'x'.repeat(43)}"`, 'MINIDUMP_SYSMEMINFO1_PERF_CCTOTALDIRTYPAGES'] };
    },
  },
  {
    id: 'databricks-token',
    kind: 'Databricks access token',
    severity: 'high',
    regex: /(?<![A-Za-z0-9])(?<secret>dapi[a-fA-F0-9]{32}(?:-\d)?)(?![A-Za-z0-9])/,
    keywords: ['dapi'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [fakeToken('dapi', 32, HEX, 54), `token: "${fakeToken('dapi', 32, HEX_UPPER, 55)}-3"`], negative: ['dapi1234', fakeToken('dapi', 34, HEX, 56), fakeToken('mydapi', 32, HEX, 57)] };
    },
  },
  {
    id: 'scalingo-api-token',
    kind: 'Scalingo API token',
    severity: 'high',
    regex: token('tk-us-[A-Za-z0-9_-]{48}'),
    keywords: ['tk-us-'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('tk-us-', 48, BASE64URL, 58)], negative: [fakeToken('tk-us-', 20, BASE64URL, 59)] };
    },
  },
];
