/** Payments and commerce: Stripe, Square, Shopify, Braintree. */
import { ALNUM, BASE64URL, DIGITS, HEX, fakeToken } from './fake';
import { token, type SecretRule, type RuleExamples } from './rule';

export const PAYMENT_RULES: readonly SecretRule[] = [
  {
    id: 'stripe-secret-key',
    kind: 'Stripe secret key',
    severity: 'critical',
    regex: token('[sr]k_(?:live|prod)_[A-Za-z0-9]{24,247}'),
    keywords: ['sk_live_', 'rk_live_', 'sk_prod_', 'rk_prod_'],
    entropy: 3,
    get examples(): RuleExamples {
      return {
      positive: [fakeToken('sk_live_', 24, ALNUM, 1), fakeToken('rk_live_', 99, ALNUM, 2)],
      negative: [`pk_live_${fakeToken('', 24, ALNUM, 3)}`, 'sk_live_short', `xsk_live_${fakeToken('', 24, ALNUM, 4)}`, `sk_live_${'A'.repeat(24)}`],
    };
    },
  },
  {
    id: 'stripe-test-key',
    kind: 'Stripe test-mode secret key',
    severity: 'low',
    blocking: false,
    regex: token('[sr]k_test_[A-Za-z0-9]{24,247}'),
    keywords: ['sk_test_', 'rk_test_'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [fakeToken('sk_test_', 99, ALNUM, 5)], negative: [`pk_test_${fakeToken('', 24, ALNUM, 6)}`, `foosk_test_${fakeToken('', 24, ALNUM, 7)}`] };
    },
  },
  {
    id: 'stripe-webhook-secret',
    kind: 'Stripe webhook signing secret',
    severity: 'high',
    regex: token('whsec_[A-Za-z0-9]{32,}'),
    keywords: ['whsec_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('whsec_', 32, ALNUM, 8)], negative: ['whsec_...'] };
    },
  },
  {
    id: 'square-access-token',
    kind: 'Square access token',
    severity: 'high',
    regex: /(?<![A-Za-z0-9_-])(?<secret>sq0atp-[A-Za-z0-9_-]{22}|EAAA[A-Za-z0-9_-]{60})(?![A-Za-z0-9_-])/,
    keywords: ['sq0atp-', 'eaaa'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('sq0atp-', 22, BASE64URL, 9), fakeToken('EAAA', 60, BASE64URL, 10)], negative: [`aws-cli@sha256:eaaa${fakeToken('', 60, HEX, 11)}`] };
    },
  },
  {
    id: 'square-oauth-secret',
    kind: 'Square OAuth secret',
    severity: 'high',
    regex: /(?<![A-Za-z0-9_-])(?<secret>sq0csp-[A-Za-z0-9_\\-]{43})(?![A-Za-z0-9_-])/,
    keywords: ['sq0csp-'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('sq0csp-', 43, BASE64URL, 12)], negative: [fakeToken('sq0csp-', 20, BASE64URL, 13)] };
    },
  },
  {
    id: 'shopify-token',
    kind: 'Shopify access token',
    severity: 'high',
    regex: token('shp(?:at|ca|pa|ss)_[A-Za-z0-9]{32,64}'),
    keywords: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('shpat_', 32, HEX, 14), fakeToken('shpss_', 32, ALNUM, 15)], negative: ['shpssSSSSS_SSSS_sssss is not api key'] };
    },
  },
  {
    id: 'braintree-access-token',
    kind: 'Braintree access token',
    severity: 'high',
    regex: token(String.raw`access_token\$production\$[a-z0-9]{16}\$[a-f0-9]{32}`),
    keywords: ['$production$'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`access_token$production$${fakeToken('', 16, DIGITS + 'abcdefghijklmnopqrstuvwxyz', 16)}$${fakeToken('', 32, HEX, 17)}`], negative: ['access_token$production$<merchant>$<token>'] };
    },
  },
];
