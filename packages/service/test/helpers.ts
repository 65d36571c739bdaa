import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { type Config, loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

/** A configuration as the tests want it: quiet, with recognisable values. */
export function testConfig(env: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({ APP_ENV: 'test', APP_VERSION: '1.2.3', LOG_LEVEL: 'silent', ...env });
}

/** A real pino logger writing into an array, so tests read the JSON lines it produced. */
export function capturingLogger(config: Config = testConfig({ LOG_LEVEL: 'info' })): {
  logger: Logger;
  lines: () => Record<string, unknown>[];
} {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    logger: createLogger(config, sink),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
