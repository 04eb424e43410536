/** Source hosting and code intelligence: GitHub, GitLab, Bitbucket, Sourcegraph. */
import { ALNUM, BASE64URL, HEX, LOWER_ALNUM, fakeToken } from './fake';
import { assignmentFollows, contextRegex, token, type SecretRule, type RuleExamples } from './rule';

const HEX_MIXED = '0123456789abcdefABCDEF';

export const VCS_RULES: readonly SecretRule[] = [
  {
    id: 'github-pat',
    kind: 'GitHub personal access token',
    severity: 'critical',
    regex: token('ghp_[A-Za-z0-9]{36}'),
    keywords: ['ghp_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('ghp_', 36, ALNUM, 1), `GITHUB_TOKEN=${fakeToken('ghp_', 36, ALNUM, 2)}`], negative: ['ghp_' + 'x'.repeat(36), fakeToken('ghp_', 30, ALNUM, 3), fakeToken('gXX_', 36, ALNUM, 4)] };
    },
  },
  {
    id: 'github-fine-grained-pat',
    kind: 'GitHub fine-grained personal access token',
    severity: 'critical',
    regex: token('github_pat_[A-Za-z0-9_]{82}'),
    keywords: ['github_pat_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [`${fakeToken('github_pat_11', 20, ALNUM, 5)}_${fakeToken('', 59, ALNUM, 6)}`], negative: [`github_pat_${'x'.repeat(22)}_${'x'.repeat(59)}`] };
    },
  },
  {
    id: 'github-oauth-token',
    kind: 'GitHub OAuth access token',
    severity: 'critical',
    regex: token('gho_[A-Za-z0-9]{36}'),
    keywords: ['gho_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('gho_', 36, ALNUM, 7)], negative: ['gho_' + 'x'.repeat(36)] };
    },
  },
  {
    id: 'github-app-token',
    kind: 'GitHub App token',
    severity: 'critical',
    regex: token('gh[us]_[A-Za-z0-9]{36}'),
    keywords: ['ghu_', 'ghs_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('ghu_', 36, ALNUM, 8), fakeToken('ghs_', 36, ALNUM, 9)], negative: ['ghs_' + 'x'.repeat(36)] };
    },
  },
  {
    id: 'github-refresh-token',
    kind: 'GitHub refresh token',
    severity: 'critical',
    regex: token('ghr_[A-Za-z0-9]{36,76}'),
    keywords: ['ghr_'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('ghr_', 36, ALNUM, 10)], negative: ['ghr_' + 'x'.repeat(36)] };
    },
  },
  {
    id: 'github-oauth-legacy',
    kind: 'GitHub token (legacy 40-hex)',
    severity: 'high',
    priority: 1,
    regex: contextRegex('github|gh[_-]?token', '[0-9a-f]{40}'),
    afterKeyword: assignmentFollows,
    keywords: ['github', 'gh_token', 'gh-token', 'ghtoken'],
    entropy: 3,
        get examples(): RuleExamples {
      return { positive: [`GITHUB_TOKEN=${fakeToken('', 40, HEX, 11)}`, `github_oauth: "${fakeToken('', 40, HEX, 12)}"`], negative: [`github_commit_sha = ${fakeToken('', 40, HEX, 13)}`, 'GITHUB_TOKEN=${{ secrets.GITHUB_TOKEN }}'] };
    },
  },
  {
    id: 'gitlab-pat',
    kind: 'GitLab personal access token',
    severity: 'critical',
    regex: /(?<![A-Za-z0-9_-])(?<secret>glpat-(?:[A-Za-z0-9_-]{20}|[A-Za-z0-9_-]{27,300}\.[0-9a-z]{2}[0-9a-z]{7}))(?![A-Za-z0-9_.-])/,
    keywords: ['glpat-'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [fakeToken('glpat-', 20, BASE64URL, 14), `${fakeToken('glpat-', 40, BASE64URL, 15)}.01${fakeToken('', 7, LOWER_ALNUM, 16)}`], negative: ['glpat-abc', fakeToken('glpat_', 20, ALNUM, 17), 'glpat-XXXXXXXXXXX-XXXXXXXX'] };
    },
  },
  {
    id: 'gitlab-runner-token',
    kind: 'GitLab runner token',
    severity: 'high',
    regex: /(?<![A-Za-z0-9_-])(?<secret>(?:glrt-|GR1348941)[A-Za-z0-9_-]{20}(?:\.[0-9a-z]{2}[0-9a-z]{7})?)(?![A-Za-z0-9_.-])/,
    keywords: ['glrt-', 'gr1348941'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [fakeToken('glrt-', 20, BASE64URL, 18), fakeToken('GR1348941', 20, BASE64URL, 19)], negative: ['GR1348941helloWord0', `glrt-tx_${'x'.repeat(27)}.${'x'.repeat(9)}`] };
    },
  },
  {
    id: 'gitlab-token',
    kind: 'GitLab token',
    severity: 'high',
    regex:
      /(?<![A-Za-z0-9_-])(?<secret>gldt-[A-Za-z0-9_-]{20}|glptt-[A-Za-z0-9_-]{40}|glimt-[A-Za-z0-9_-]{25}|gloas-[A-Za-z0-9_-]{64}|glcbt-(?:[0-9a-fA-F]{2}_)?[A-Za-z0-9_-]{20}|glsoat-[A-Za-z0-9_-]{20}|glffct-[A-Za-z0-9_-]{20}|glft-[A-Za-z0-9_-]{20}|glagent-[A-Za-z0-9_-]{50,1024})(?![A-Za-z0-9_-])/,
    keywords: ['gldt-', 'glptt-', 'glimt-', 'gloas-', 'glcbt-', 'glsoat-', 'glffct-', 'glft-', 'glagent-'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [fakeToken('gldt-', 20, BASE64URL, 20), fakeToken('glptt-', 40, BASE64URL, 21), fakeToken('glagent-', 60, BASE64URL, 22)], negative: ['gldt-seems_too000Sshorty', `glptt-${'x'.repeat(40)}`] };
    },
  },
  {
    id: 'bitbucket-app-password',
    kind: 'Bitbucket app password',
    severity: 'high',
    regex: token('ATBB[A-Za-z0-9_=.-]{32}'),
    keywords: ['atbb'],
    entropy: 3.5,
    get examples(): RuleExamples {
      return { positive: [fakeToken('ATBB', 32, ALNUM, 23)], negative: [fakeToken('ATBB', 10, ALNUM, 24)] };
    },
  },
  {
    id: 'sourcegraph-token',
    kind: 'Sourcegraph access token',
    severity: 'high',
    regex: /(?<![A-Za-z0-9_-])(?<secret>sgp_(?:(?:[a-fA-F0-9]{16}|local)_)?[a-fA-F0-9]{40})(?![A-Za-z0-9_-])/,
    keywords: ['sgp_'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [`${fakeToken('sgp_', 16, HEX_MIXED, 25)}_${fakeToken('', 40, HEX_MIXED, 26)}`, fakeToken('sgp_local_', 40, HEX, 27)], negative: [fakeToken('sgp_', 20, HEX, 28)] };
    },
  },
  {
    id: 'sourcegraph-token-legacy',
    kind: 'Sourcegraph access token (legacy)',
    severity: 'high',
    priority: 1,
    regex: contextRegex('sourcegraph|src[_-]access[_-]token', '[a-f0-9]{40}'),
    afterKeyword: assignmentFollows,
    keywords: ['sourcegraph', 'src_access', 'src-access'],
    entropy: 3,
    get examples(): RuleExamples {
      return { positive: [`sourcegraph: ${fakeToken('', 40, HEX_MIXED, 29)}`], negative: ['SRC_ACCESS_TOKEN=${SRC_ACCESS_TOKEN}'] };
    },
  },
];
