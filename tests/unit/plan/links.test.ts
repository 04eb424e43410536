import { codeCommitFileUrl, pipelineUrl } from '../../../shared/plan/links';

describe('console links', () => {
  it('encode names with an unpaired surrogate (JSON may carry "\\ud800") instead of throwing URIError', () => {
    expect(pipelineUrl('eu-west-1', 'deploy-\ud800')).toBe('https://eu-west-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/deploy-%EF%BF%BD/view?region=eu-west-1');
    expect(codeCommitFileUrl('eu-west-1', 'repo', 'c0ffee', 'src/\udc00.ts')).toContain('/--/src/%EF%BF%BD.ts?');
  });

  it('keeps paired surrogates (emoji) intact', () => {
    expect(pipelineUrl('eu-west-1', 'rocket-\ud83d\ude80')).toContain('rocket-%F0%9F%9A%80');
  });
});
