/**
 * AWS console deep links, built for the event's own account and region (and partition:
 * China and GovCloud consoles live on other domains).
 */

function consoleOrigin(region: string): string {
  if (region.startsWith('cn-')) return `https://${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `https://${region}.console.amazonaws-us-gov.com`;
  return `https://${region}.console.aws.amazon.com`;
}

/** An unpaired UTF-16 surrogate: JSON may carry one (`"\ud800"`), and encodeURIComponent throws URIError on it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** One path segment, percent-encoded; unpaired surrogates become U+FFFD rather than an exception. */
function segment(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\ufffd'));
}

export function pipelineExecutionUrl(region: string, pipeline: string, executionId: string): string {
  return `${consoleOrigin(region)}/codesuite/codepipeline/pipelines/${segment(pipeline)}/executions/${segment(executionId)}/timeline?region=${region}`;
}

export function pipelineUrl(region: string, pipeline: string): string {
  return `${consoleOrigin(region)}/codesuite/codepipeline/pipelines/${segment(pipeline)}/view?region=${region}`;
}

/** `buildId` is `<project>:<uuid>` or a full build ARN. */
export function buildUrl(region: string, account: string, project: string, buildId: string): string {
  const shortId = buildId.startsWith('arn:') ? buildId.slice(buildId.indexOf('/') + 1) : buildId;
  return `${consoleOrigin(region)}/codesuite/codebuild/${account}/projects/${segment(project)}/build/${segment(shortId)}/?region=${region}`;
}

export function codeCommitCommitUrl(region: string, repository: string, commitId: string): string {
  return `${consoleOrigin(region)}/codesuite/codecommit/repositories/${segment(repository)}/commit/${segment(commitId)}?region=${region}`;
}

/** Only http(s) URLs from events or APIs are passed on as links; anything else is dropped. */
export function safeUrl(candidate: string | undefined): string | undefined {
  if (candidate === undefined) return undefined;
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** A file of a repository as of a commit, in the CodeCommit console's code browser. */
export function codeCommitFileUrl(region: string, repository: string, commitId: string, path: string): string {
  const filePath = path.split('/').map(segment).join('/');
  return `${consoleOrigin(region)}/codesuite/codecommit/repositories/${segment(repository)}/browse/${segment(commitId)}/--/${filePath}?region=${region}`;
}

/** A pull request's page in the CodeCommit console. */
export function codeCommitPullRequestUrl(region: string, repository: string, pullRequestId: string): string {
  return `${consoleOrigin(region)}/codesuite/codecommit/repositories/${segment(repository)}/pull-requests/${segment(pullRequestId)}?region=${region}`;
}

/** Where a manual approval is reviewed: the pipeline's view, whose stage shows the Review button. */
export function approvalUrl(region: string, pipeline: string): string {
  return pipelineUrl(region, pipeline);
}
