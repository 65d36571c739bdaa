import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Lifecycle } from './lifecycle.js';

export interface ShutdownOptions {
  readonly server: Server;
  readonly lifecycle: Lifecycle;
  readonly logger: Logger;
  /** Keep serving this long after the signal, with `/health` already 503. */
  readonly drainPeriodMs: number;
  /** Then allow in-flight requests this long to finish before cutting them off. */
  readonly shutdownTimeoutMs: number;
}

const IDLE_SWEEP_MS = 50;

export type ShutdownOutcome = 'clean' | 'timed-out';

/**
 * The graceful shutdown sequence, in the order the load balancer needs it:
 * 1. `/health` turns 503 at once, so the load balancer stops sending new traffic;
 * 2. the server keeps serving for the drain period, for requests routed before it noticed;
 * 3. it stops accepting connections and lets the requests in flight finish;
 * 4. it resolves `clean`, or `timed-out` after cutting off whatever still runs at the deadline.
 */
export async function shutdown(options: ShutdownOptions): Promise<ShutdownOutcome> {
  const { server, lifecycle, logger, drainPeriodMs, shutdownTimeoutMs } = options;

  lifecycle.beginDrain();
  logger.info({ drainPeriodMs }, 'draining: /health now answers 503');
  await sleep(drainPeriodMs);

  logger.info({ shutdownTimeoutMs }, 'closing: no new connections, finishing requests in flight');
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // close() drops the connections idle right now. A request that was already running when
  // draining began was answered without `Connection: close`, so its connection falls idle
  // later and would hold close() open until the timeout: sweep those as they go quiet.
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);

  const deadline = new AbortController();
  const timedOut = sleep(shutdownTimeoutMs, 'timed-out' as const, { signal: deadline.signal }).catch(
    () => 'clean' as const,
  );
  const outcome = await Promise.race([closed.then(() => 'clean' as const), timedOut]);
  deadline.abort();
  clearInterval(sweep);

  if (outcome === 'timed-out') {
    logger.error({ shutdownTimeoutMs }, 'shutdown timed out: closing the connections still open');
    server.closeAllConnections();
  } else {
    logger.info('stopped: every request finished');
  }
  return outcome;
}
