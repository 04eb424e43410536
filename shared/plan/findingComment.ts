/**
 * The text of a CodeCommit comment about one finding, on a pushed commit or a pull request:
 * kind, rule, severity and masked preview only, never the secret.
 */
import type { Finding } from '../analysis/types';

/** CodeCommit's limit on a comment's content. */
export const COMMENT_MAX_CHARS = 10_240;

export function commentContent(finding: Finding): string {
  const text = [
    `**Herald: ${finding.kind}** (rule \`${finding.rule}\`, severity ${finding.severity}${finding.blocking ? ', blocking' : ''})`,
    '',
    `Masked value: \`${finding.preview.replace(/`/g, "'")}\``,
    '',
    finding.message,
    '',
    finding.category === 'secret'
      ? 'If this is a real credential, rotate it now: a later commit that removes it leaves it in the history.'
      : 'Mark an accepted finding with a `herald:allow` comment or add it to the baseline.',
  ].join('\n');
  return text.length > COMMENT_MAX_CHARS ? `${text.slice(0, COMMENT_MAX_CHARS - 1)}…` : text;
}
