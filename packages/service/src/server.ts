import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { handleClientError } from './client-error.js';
import { type Config, ConfigError, loadConfig, REQUEST_CHECK_INTERVAL_MS } from './config.js';
import { createLifecycle } from './lifecycle.js';
import { createLogger, drainLogs, stdout } from './logger.js';
import { shutdown } from './shutdown.js';

// The process entry point: it owns the socket, the signals and the exit code.

/** Exits once the queued log lines are out (pino's flush() does not wait for a write in flight). */
function exit(code: number): void {
  drainLogs(logStream, () => process.exit(code));
}

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`shipyard-service: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

const config = readConfig();
const logStream = stdout();
const logger = createLogger(config, logStream);
const lifecycle = createLifecycle();
// A request must have arrived within REQUEST_TIMEOUT_MS (headers too: Node counts both from the
// request's first byte, not from when the connection went idle), checked every second: so no
// request outlives the load balancer's deregistration delay (docs/deploy.md, "Timings").
const server = createServer(
  {
    requestTimeout: config.requestTimeoutMs,
    headersTimeout: config.requestTimeoutMs,
    connectionsCheckingInterval: REQUEST_CHECK_INTERVAL_MS,
  },
  createApp(config, { logger, lifecycle }),
);

// Above the ALB's 60 s idle timeout, so the load balancer, not us, closes idle connections:
// the other way round races and shows up as sporadic 502s.
server.keepAliveTimeout = 65_000;
server.on('clientError', handleClientError);

server.on('error', (error: NodeJS.ErrnoException) => {
  const hint = error.code === 'EADDRINUSE' ? `; set PORT to a free port` : '';
  logger.fatal({ err: error }, `cannot listen on ${config.host}:${config.port}${hint}`);
  exit(1);
});

server.listen(config.port, config.host, () => {
  const { address, port } = server.address() as AddressInfo;
  logger.info({ address, port }, `listening on http://${address}:${port}`);
});

let stopping = false;
function onSignal(signal: NodeJS.Signals): void {
  if (stopping) {
    // A second Ctrl-C means "now"; a repeated SIGTERM must not cut a drain short.
    if (signal === 'SIGINT') {
      logger.warn({ signal }, 'second interrupt: exiting without waiting');
      exit(130);
    }
    logger.warn({ signal }, 'already shutting down');
    return;
  }
  stopping = true;
  logger.info({ signal }, `received ${signal}: shutting down`);
  shutdown({
    server,
    lifecycle,
    logger,
    drainPeriodMs: config.drainPeriodMs,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
  }).then(
    (outcome) => exit(outcome === 'clean' ? 0 : 1),
    (error: unknown) => {
      logger.fatal({ err: error }, 'shutdown failed');
      exit(1);
    },
  );
}

process.on('SIGTERM', onSignal);
process.on('SIGINT', onSignal);
