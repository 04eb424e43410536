/** AI platforms: OpenAI, Anthropic, Hugging Face, Groq, Perplexity, Replicate, Cohere. */
import { ALNUM, ALPHA, BASE64URL, fakeToken } from './fake';
import { assignmentFollows, contextRegex, token, type SecretRule, type RuleExamples } from './rule';

const mixedCase = (value: string) => /[A-Z]/.test(value) && /[a-z]/.test(value);

export const AI_RULES: readonly SecretRule[] = [
  {
    id: 'openai-api-key',
    kind: 'OpenAI API key',
    severity: 'high',
    regex:
      /(?<![A-Za-z0-9_-])(?<secret>sk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{8,}T3BlbkFJ[A-Za-z0-9_-]{8,}|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{80,})(?![A-Za-z0-9_-])/,
    keywords: ['t3blbkfj', 'sk-proj-', 'sk-svcacct-', 'sk-admin-'],
    entropy: 4,
    get examples(): RuleExamples {
      return {
      positive: [`${fakeToken('sk-', 20, ALNUM, 1)}T3BlbkFJ${fakeToken('', 20, ALNUM, 2)}`, fakeToken('sk-proj-', 156, BASE64URL, 3), `${fakeToken('sk-svcacct-', 74, BASE64URL, 4)}T3BlbkFJ${fakeToken('', 74, BASE64URL, 5)}`],
      negative: ['sk-openai-123456', fakeToken('sk-proj-', 20, ALNUM, 6)],
    };
    },
  },
  {
    id: 'anthropic-api-key',
    kind: 'Anthropic API key',
    severity: 'high',
    regex: token(String.raw`sk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{80,}`),
    keywords: ['sk-ant-'],
    entropy: 4,
    get examples(): RuleExamples {
      return {
      positive: [`${fakeToken('sk-ant-api03-', 93, BASE64URL, 7)}AA`, `${fakeToken('sk-ant-admin01-', 93, BASE64URL, 8)}AA`],
      negative: ['ssk-ant-api04-NotARealKeyButLooksLikeOne', 'sk-ant-api02-notarealkey'],
    };
    },
  },
  {
    id: 'huggingface-token',
    kind: 'Hugging Face access token',
    severity: 'high',
    regex: /(?<![A-Za-z0-9_])(?<secret>hf_[A-Za-z]{34})(?![A-Za-z0-9_])/,
    keywords: ['hf_'],
    entropy: 3.8,
    validate: (context) => mixedCase(context.secret.slice(3)),
    get examples(): RuleExamples {
      return {
      positive: [fakeToken('hf_', 34, ALPHA, 9), `huggingface-cli login --token ${fakeToken('hf_', 34, ALPHA, 10)}`],
      negative: ['hf_FakeFakeFake1FakeFakeFakeFakeFakeFa', '- (id)hf_requiredCharacteristicTypesForDisplayMetadata;', 'hf_servingcellpriorityparametersdescrip', fakeToken('xhf_', 34, ALPHA, 11)],
    };
    },
  },
  {
    id: 'huggingface-org-token',
    kind: 'Hugging Face organization token',
    severity: 'high',
    regex: /(?<![A-Za-z0-9_])(?<secret>api_org_[A-Za-z]{34})(?![A-Za-z0-9_])/,
    keywords: ['api_org_'],
    entropy: 3.8,
    validate: (context) => mixedCase(context.secret.slice(8)),
    get examples(): RuleExamples {
      return {
      positive: [fakeToken('api_org_', 34, ALPHA, 12)],
      negative: ['const api_org_controller = require("./controllers/api");', `api_org_${'X'.repeat(34)}`],
    };
    },
  },
  {
    id: 'groq-api-key',
    kind: 'Groq API key',
    severity: 'high',
    regex: token('gsk_[A-Za-z0-9]{52}'),
    keywords: ['gsk_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('gsk_', 52, ALNUM, 13)], negative: ['gsk_abc123', fakeToken('gsk_', 56, ALNUM, 14), fakeToken('wordgsk_', 52, ALNUM, 15)] };
    },
  },
  {
    id: 'perplexity-api-key',
    kind: 'Perplexity API key',
    severity: 'high',
    regex: token('pplx-[A-Za-z0-9]{48}'),
    keywords: ['pplx-'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('pplx-', 48, ALNUM, 16)], negative: [`pplx-${'x'.repeat(48)}`] };
    },
  },
  {
    id: 'replicate-api-token',
    kind: 'Replicate API token',
    severity: 'high',
    regex: token('r8_[A-Za-z0-9]{37}'),
    keywords: ['r8_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('r8_', 37, ALNUM, 17)], negative: [fakeToken('r8_', 10, ALNUM, 18)] };
    },
  },
  {
    id: 'cohere-api-key',
    kind: 'Cohere API key',
    severity: 'high',
    priority: 1,
    regex: contextRegex(String.raw`cohere|co[_\-]api[_\-]key`, '[A-Za-z0-9]{40}'),
    afterKeyword: assignmentFollows,
    keywords: ['cohere', 'co_api_key', 'co-api-key'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`CO_API_KEY=${fakeToken('', 40, ALNUM, 19)}`], negative: [`CO_API_KEY=${'x'.repeat(40)}`] };
    },
  },
];
