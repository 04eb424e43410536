/** Alerts for the renderer tests: a realistic pipeline failure, a hostile one, and random hostile text. */
import type { Alert } from '../../../shared/alerts/alert';

export const EXECUTION_ID = '3f2a9c1e-7b4d-4e2a-9f61-0c8d5e7a1b23';
export const BUILD_LOGS_URL =
  'https://us-east-1.console.aws.amazon.com/codesuite/codebuild/123456789012/projects/release-prod-build/build/release-prod-build%3A7d1e2f3a-0b4c-4d5e-8f9a-1b2c3d4e5f60/?region=us-east-1';
export const EXECUTION_URL = `https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/release-prod/executions/${EXECUTION_ID}/timeline?region=us-east-1`;
export const COMMIT_URL = 'https://us-east-1.console.aws.amazon.com/codesuite/codecommit/repositories/herald-app/commit/9f8e7d6c5b4a39281706f5e4d3c2b1a098765432?region=us-east-1';
export const ERROR_SUMMARY =
  'COMMAND_EXECUTION_ERROR: Error while executing command: npm test. Reason: exit status 1';

/** A CodeBuild action failing in a pipeline, without commit details. */
export function alertWithoutCommit(): Alert {
  return {
    eventType: 'pipeline.failed',
    severity: 'high',
    title: 'Pipeline release-prod FAILED',
    summary: 'Execution 3f2a9c1e of release-prod failed in stage Build, action CodeBuild.',
    account: '123456789012',
    region: 'us-east-1',
    time: '2024-05-01T12:34:56Z',
    threadId: `release-prod/${EXECUTION_ID}`,
    facts: [
      { label: 'Pipeline', value: 'release-prod' },
      { label: 'Execution', value: EXECUTION_ID },
      { label: 'Stage', value: 'Build' },
      { label: 'Action', value: 'CodeBuild' },
    ],
    failures: [
      {
        where: 'Build / CodeBuild',
        code: 'JobFailed',
        why: `${ERROR_SUMMARY}\n\nPhase BUILD failed after 42 s`,
        link: { label: 'Build logs', url: BUILD_LOGS_URL },
      },
    ],
    links: [{ label: 'Pipeline execution', url: EXECUTION_URL }],
    notes: ['enrichment partial: codebuild:BatchGetBuilds AccessDenied'],
  };
}

/** A CodeBuild action failing in a pipeline: `npm test` exited 1 after a commit to main. */
export function realisticAlert(): Alert {
  return {
    ...alertWithoutCommit(),
    commit: {
      id: '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432',
      message: 'Fix flaky retry test\n\nThe retry loop now waits for the mock clock.',
      author: 'Jane Doe',
      repository: 'herald-app',
      branch: 'main',
      link: { label: 'View commit', url: COMMIT_URL },
    },
  };
}

/** Pieces attackers (or unlucky names) put into alert text. */
export const HOSTILE_PIECES = [
  '\n', '\r', '\r\n', '\t', '\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u009b',
  '\u202e', '\u202d', '\u2066', '\u2069', '\u200e', '\u2028', '\ufeff', '\u200b',
  '<!channel>', '<!here>', '<!everyone>', '<@U123>', '<#C123>', '<!subteam^S123>', '<!date^1392734382^x|y>',
  '@here', '@channel', '@everyone', '@U123', 'me@example.com',
  '<https://evil.example|click>', '<javascript:alert(1)|x>', '|', '<', '>', '&', '&amp;', '&lt;!channel&gt;',
  '*bold*', '_it_', '~s~', '`', '```', '> quote', ':smile:',
  '👍', '🏳️‍🌈', 'é', 'e\u0301', 'Ω', '漢字', '\ud83d', '\ude00', '\uffff', 'ﷺ', '…', '“q”', '—',
  ' ', '  ', 'a', 'Z', '9', '$', '~', '^',
] as const;

/** The property tests draw from the same seeded generator as the fake credentials, so they are repeatable. */
export { seededRandom } from '../../../shared/analysis/rules/fake';

/** Random text of hostile pieces and random BMP / astral code points (lone surrogates included). */
export function hostileText(random: () => number, maxPieces = 12): string {
  const count = Math.floor(random() * maxPieces);
  let text = '';
  for (let i = 0; i < count; i += 1) {
    const choice = random();
    if (choice < 0.7) text += HOSTILE_PIECES[Math.floor(random() * HOSTILE_PIECES.length)] ?? '';
    else if (choice < 0.85) text += String.fromCharCode(Math.floor(random() * 0x10000));
    else text += String.fromCodePoint(0x10000 + Math.floor(random() * 0x10000));
  }
  return text;
}

/** An alert with hostile text in every field, including a 300-character branch name. */
export function hostileAlert(text: () => string = () => HOSTILE_PIECES.join('')): Alert {
  return {
    eventType: 'pipeline.failed',
    severity: 'critical',
    title: `Pipeline ${text()} FAILED`,
    summary: text(),
    account: '123456789012',
    region: 'us-east-1',
    time: '2024-05-01T12:34:56Z',
    threadId: `release/${EXECUTION_ID}`,
    facts: [
      { label: text(), value: text() },
      { label: 'Stage', value: text() },
    ],
    failures: [
      { where: text(), code: text(), why: text(), link: { label: text(), url: BUILD_LOGS_URL } },
      { where: text(), why: text(), link: { label: text(), url: 'javascript:alert(1)' } },
    ],
    commit: {
      id: text(),
      message: text(),
      author: text(),
      repository: text(),
      branch: `feature/${text()}${'x'.repeat(300)}`,
      link: { label: text(), url: 'https://evil.example/a|b>c' },
    },
    links: [
      { label: text(), url: EXECUTION_URL },
      { label: text(), url: text() },
    ],
    notes: [text(), text()],
  };
}
