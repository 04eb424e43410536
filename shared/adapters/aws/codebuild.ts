import { CodeBuildClient, StartBuildCommand } from '@aws-sdk/client-codebuild';
import type { CodeBuildStartBuildAction } from '../../plan/actions';
import { awsClientConfig } from './clientConfig';

/** A CodeBuild client with Herald's timeouts and bounded retries. */
export function buildCodeBuildClient(): CodeBuildClient {
  return new CodeBuildClient(awsClientConfig());
}

/**
 * The `codebuild.startBuild` executor: StartBuild at the pushed commit. The SDK's own retries
 * (throttling, 5xx) resend the same input, so the idempotency token makes them start one build.
 */
export function buildCodeBuildStarter(client: CodeBuildClient): (action: CodeBuildStartBuildAction) => Promise<void> {
  return async (action) => {
    const response = await client.send(
      new StartBuildCommand({
        projectName: action.projectName,
        sourceVersion: action.sourceVersion,
        environmentVariablesOverride: action.environmentVariablesOverride.map((variable) => ({ ...variable })),
        idempotencyToken: action.idempotencyToken,
      }),
    );
    if (response.build?.id === undefined) throw new Error(`StartBuild of ${action.projectName} answered without a build id`);
  };
}
