import { type DestinationStream, type Logger, pino } from 'pino';
import type { Config } from './config.js';
import { createIsoTime } from './iso-time.js';
import { LineBatch } from './line-batch.js';

/**
 * One JSON object per line on stdout, with level names (not numbers) and ISO times, so
 * CloudWatch, Loki or `jq` read them without a pino-specific parser. Every line carries the
 * environment and version, which tells old from new instances apart during a roll-out.
 */
export function createLogger(config: Config, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'shipyard-service', env: config.appEnv, version: config.appVersion },
      timestamp: createIsoTime(),
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? stdout(),
  );
}

export type StdoutDestination = LineBatch;

/**
 * stdout for the logger, written in batches (see `LineBatch`): a busy server makes one
 * write(2) per event-loop turn rather than one per request, and a quiet one still writes each
 * line at once. server.ts drains it (`drainLogs`) before every exit, and an uncaught exception
 * still writes the turn's lines; a hard kill (SIGKILL, OOM) can lose the lines of the turn it
 * interrupts, while Node's own crash report goes to the unbuffered stderr.
 */
export function stdout(): StdoutDestination {
  return new LineBatch(1);
}

/** Writes out every queued line, in order, then calls `done` (at most after `timeoutMs`). */
export function drainLogs(destination: StdoutDestination, done: () => void, timeoutMs = 2_000): void {
  const timer = setTimeout(done, timeoutMs);
  destination.close(() => {
    clearTimeout(timer);
    done();
  });
}
