/** The one error type of every Shipyard CLI: what went wrong, and what to do about it. */
export class ShipyardError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'ShipyardError';
  }
}

/** One line for stderr: `error: <message>. <hint>`. */
export function formatError(error: unknown): string {
  if (error instanceof ShipyardError) {
    return error.hint ? `error: ${error.message}. ${error.hint}` : `error: ${error.message}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `error: ${message}`;
}
