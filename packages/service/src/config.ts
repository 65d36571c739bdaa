import { z } from 'zod';

/** Log levels pino understands, plus `silent` to turn logging off (tests). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The service's whole configuration, read once at start-up and passed down. */
export interface Config {
  /** TCP port to listen on; 0 picks a free one. */
  readonly port: number;
  /** Address to bind. */
  readonly host: string;
  /** Environment name reported by `GET /` and in every log line. */
  readonly appEnv: string;
  /** Version reported by `GET /` and `/health`. */
  readonly appVersion: string;
  /** How long the server keeps serving after SIGTERM/SIGINT, with `/health` already 503. */
  readonly drainPeriodMs: number;
  /** How long in-flight requests may take to finish once the listener is closed. */
  readonly shutdownTimeoutMs: number;
  /**
   * How long a request may take to arrive, headers and body (Node's `requestTimeout`): a client
   * slower than that gets 408. With REQUEST_CHECK_INTERVAL_MS it bounds the longest request the
   * server holds, which the load balancer's deregistration delay must outlast (docs/deploy.md).
   */
  readonly requestTimeoutMs: number;
  readonly logLevel: LogLevel;
}

/** Thrown for an invalid environment; `message` is the one line printed on stderr. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const integer = (min: number, max: number) =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().int().min(min).max(max));

const ONE_HOUR_MS = 3_600_000;

/**
 * How often Node checks requests against REQUEST_TIMEOUT_MS (`connectionsCheckingInterval`, 30 s
 * by default, which would let a request outlive its timeout by up to 30 s). The longest request
 * is REQUEST_TIMEOUT_MS plus this: every route answers as soon as the request has arrived.
 */
export const REQUEST_CHECK_INTERVAL_MS = 1000;

// Each variable: its schema, its default (as the string a user would write) and the phrase
// that tells the user what a valid value looks like.
const variables = {
  PORT: { schema: integer(0, 65_535), fallback: '3000', expect: 'an integer from 0 to 65535' },
  HOST: {
    schema: z.union([z.ipv4(), z.ipv6(), z.hostname()]),
    fallback: '0.0.0.0',
    expect: 'an IP address or a host name, e.g. 0.0.0.0 or 127.0.0.1',
  },
  APP_ENV: {
    schema: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
    fallback: 'development',
    expect: 'a lower-case name of up to 32 characters (letters, digits, dashes), e.g. production',
  },
  APP_VERSION: {
    schema: z.string().regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,127}$/),
    fallback: '0.0.0-dev',
    expect: 'a version of up to 128 characters (letters, digits, . + _ -), e.g. 1.4.2',
  },
  DRAIN_PERIOD_MS: {
    schema: integer(0, ONE_HOUR_MS),
    fallback: '5000',
    expect: `an integer number of milliseconds from 0 to ${ONE_HOUR_MS}`,
  },
  SHUTDOWN_TIMEOUT_MS: {
    schema: integer(1, ONE_HOUR_MS),
    fallback: '10000',
    expect: `an integer number of milliseconds from 1 to ${ONE_HOUR_MS}`,
  },
  REQUEST_TIMEOUT_MS: {
    schema: integer(1000, 300_000),
    fallback: '8000',
    expect: 'an integer number of milliseconds from 1000 to 300000',
  },
  LOG_LEVEL: { schema: z.enum(LOG_LEVELS), fallback: 'info', expect: `one of ${LOG_LEVELS.join(', ')}` },
} as const;

type Variables = typeof variables;
type Parsed = { [K in keyof Variables]: z.output<Variables[K]['schema']> };

/** The defaults, as a user would write them in the environment (for docs and tests). */
export const DEFAULTS: { readonly [K in keyof Variables]: string } = Object.fromEntries(
  Object.entries(variables).map(([name, spec]) => [name, spec.fallback]),
) as { [K in keyof Variables]: string };

/**
 * Validates the environment. Unset or empty variables take their defaults. Every invalid
 * variable is reported in the same single line, so a bad deploy shows all its mistakes at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(variables)) {
    const raw = env[name];
    const value = raw === undefined || raw === '' ? spec.fallback : raw;
    const result = spec.schema.safeParse(value);
    if (result.success) {
      parsed[name] = result.data;
    } else {
      problems.push(`${name} must be ${spec.expect} (got ${JSON.stringify(value)})`);
    }
  }
  if (problems.length > 0) {
    throw new ConfigError(
      `invalid configuration: ${problems.join('; ')}. Fix the environment and start again.`,
    );
  }
  const values = parsed as Parsed;
  return {
    port: values.PORT,
    host: values.HOST,
    appEnv: values.APP_ENV,
    appVersion: values.APP_VERSION,
    drainPeriodMs: values.DRAIN_PERIOD_MS,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
    requestTimeoutMs: values.REQUEST_TIMEOUT_MS,
    logLevel: values.LOG_LEVEL,
  };
}
