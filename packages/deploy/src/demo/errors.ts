/**
 * The demo's one error type: a message saying what is wrong and a hint saying what to do.
 * The CLI's top-level handler prints both and sets the exit code; nothing here exits.
 */
export class DemoError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'DemoError';
  }
}
