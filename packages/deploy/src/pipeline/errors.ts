/**
 * The pipeline commands' one error type: what went wrong and what to do about it.
 * The top-level handler in pipeline-cli.ts prints both and sets the exit code.
 */
export class PipelineError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'PipelineError';
  }
}
