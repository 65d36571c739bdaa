/**
 * The one piece of state shared by the app and the process: whether shutdown has begun.
 * `/health` reads it, so the load balancer sees 503 from the first moment of a drain.
 */
export interface Lifecycle {
  readonly draining: boolean;
  beginDrain(): void;
}

export function createLifecycle(): Lifecycle {
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    beginDrain() {
      draining = true;
    },
  };
}
