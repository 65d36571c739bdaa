import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { handleClientError } from './client-error.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createLifecycle } from './lifecycle.js';
import { createLogger } from './logger.js';
import { shutdown } from './shutdown.js';

// The process entry point: it owns the socket, the signals and the exit code.

/** Exits once the buffered log lines are out. */
function exit(code: number): void {
  logger.flush(() => process.exit(code));
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
const logger = createLogger(config);
const lifecycle = createLifecycle();
const server = createServer(createApp(config, { logger, lifecycle }));

// Above the ALB's 60 s idle timeout, so the load balancer, not us, closes idle connections:
// the other way round races and shows up as sporadic 502s.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
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
