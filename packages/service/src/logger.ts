import {
  type DestinationStream,
  destination as fileDestination,
  type Logger,
  pino,
  stdTimeFunctions,
} from 'pino';
import type { Config } from './config.js';

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
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? fileDestination({ fd: 1, sync: true }),
  );
}
