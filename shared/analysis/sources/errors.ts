/** Why a source could not be opened or read: the CLI turns these into exit code 2 with the message. */
export type SourceErrorCode = 'not-found' | 'not-a-directory' | 'not-a-repository' | 'bad-revision' | 'git-unavailable' | 'git-failed';

export class SourceError extends Error {
  override readonly name = 'SourceError';

  constructor(
    readonly code: SourceErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
