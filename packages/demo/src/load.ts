import type { EventEmitter } from 'node:events';
import { TrafficRecorder, type TrafficSample } from '@shipyard/timeline';
import autocannon from 'autocannon';

export interface LoadOptions {
  /** Target, e.g. the environment's load balancer URL. */
  readonly url: string;
  /** Requests per second across all connections (fixed rate). @default 50 */
  readonly rate?: number;
  /** Concurrent connections sharing that rate. @default 10 */
  readonly connections?: number;
  /** `stop()` waits until the load has run at least this long. @default 20000 */
  readonly minDurationMs?: number;
  /** Hard bound: the load stops by itself after this long. @default 600000 */
  readonly maxDurationMs?: number;
}

export interface LoadReport {
  readonly url: string;
  readonly rate: number;
  /** Requests that got an outcome (a response or an error). */
  readonly sent: number;
  /** Requests that got a response, of any status. */
  readonly completed: number;
  /** Connection errors (refused, reset, timeouts) plus non-2xx responses. */
  readonly failed: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly durationMs: number;
  /** Responses per `version` field of the JSON body, to show the roll-over. */
  readonly versions: Readonly<Record<string, number>>;
  /** Per wall-clock second: 2xx responses by version, and failures (the timeline's traffic). */
  readonly traffic: readonly TrafficSample[];
  /** When the first and the last failed request (non-2xx or error) came back, epoch ms. */
  readonly firstFailureAt?: number | undefined;
  readonly lastFailureAt?: number | undefined;
}

/** The `version` field of a response body; "unparsed" when it is not the service's JSON. */
export function versionOfBody(body: string): string {
  try {
    return String((JSON.parse(body) as { version?: unknown }).version ?? 'none');
  } catch {
    return 'unparsed';
  }
}

export interface RunningLoad {
  /** Waits for the minimum duration, stops the load and returns its report. */
  stop(): Promise<LoadReport>;
}

/**
 * Starts a fixed-rate load (autocannon's overallRate) that runs until stopped. The caller does
 * the work to measure (a roll-out) in between, so the load covers all of it.
 */
export function startLoad(options: LoadOptions): RunningLoad {
  const rate = options.rate ?? 50;
  const minDurationMs = options.minDurationMs ?? 20_000;
  const maxDurationMs = options.maxDurationMs ?? 600_000;
  const startedAt = Date.now();
  const versions: Record<string, number> = {};
  const traffic = new TrafficRecorder();
  let firstFailureAt: number | undefined;
  let lastFailureAt: number | undefined;
  const failedNow = () => {
    lastFailureAt = Date.now();
    firstFailureAt ??= lastFailureAt;
  };
  let finish: (err: unknown, result: autocannon.Result) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (err, result) => (err ? reject(err) : resolve(result));
  });
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections ?? 10,
      overallRate: rate,
      duration: Math.ceil(maxDurationMs / 1000),
      timeout: 10,
      setupClient(client) {
        // One request in flight per connection (no pipelining): the body chunks seen since the
        // last response belong to the next one.
        let body = '';
        client.on('body', (chunk: Buffer) => {
          body += chunk.toString('utf8');
        });
        // autocannon's types omit the client's error events; the client is an EventEmitter.
        const emitter = client as unknown as EventEmitter;
        emitter.on('connError', failedNow);
        emitter.on('timeout', failedNow);
        client.on('response', (status: number) => {
          const version = versionOfBody(body);
          body = '';
          if (status < 200 || status > 299) failedNow();
          versions[version] = (versions[version] ?? 0) + 1;
          if (status >= 200 && status < 300) traffic.served(Date.now(), version);
          else traffic.failed(Date.now());
        });
      },
    },
    (err, result) => finish(err, result),
  );
  // Every outcome autocannon counts as an error (refused or reset connection, timeout).
  instance.on('reqError', () => traffic.failed(Date.now()));
  return {
    async stop() {
      const wait = minDurationMs - (Date.now() - startedAt);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      instance.stop();
      const result = await done;
      const stoppedAt = Date.now();
      return {
        url: options.url,
        rate,
        // autocannon's own `requests.sent` also counts writes queued when the load stops, so
        // "sent" here is every request that got an outcome: a response or an error.
        sent: result.requests.total + result.errors,
        completed: result.requests.total,
        failed: result.errors + result.non2xx,
        errors: result.errors,
        non2xx: result.non2xx,
        durationMs: stoppedAt - startedAt,
        versions,
        traffic: traffic.samples(),
        firstFailureAt,
        lastFailureAt,
      };
    },
  };
}
