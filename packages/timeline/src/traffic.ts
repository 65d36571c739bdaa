/**
 * What the load balancer (or a load generator) saw over one interval: requests answered, by the
 * version that served them, and requests that failed.
 */
export interface TrafficSample {
  /** Start of the interval, epoch milliseconds. */
  readonly t: number;
  /** Length of the interval in milliseconds (1000 for per-second buckets). */
  readonly durationMs: number;
  /** Successful responses per version served. */
  readonly served: Readonly<Record<string, number>>;
  /** Failed requests: 5xx answers, refused or reset connections, timeouts. */
  readonly failed: number;
}

/**
 * Counts outcomes into one-second buckets as they happen (a load generator's responses). The
 * buckets are whole seconds of the wall clock, so recorders running side by side (one per load
 * balancer) line up and merge. Pure: the caller hands it the times.
 */
export class TrafficRecorder {
  private readonly buckets = new Map<number, { served: Record<string, number>; failed: number }>();

  private bucket(at: number) {
    const second = Math.floor(at / 1000);
    let bucket = this.buckets.get(second);
    if (!bucket) {
      bucket = { served: {}, failed: 0 };
      this.buckets.set(second, bucket);
    }
    return bucket;
  }

  served(at: number, version: string): void {
    const bucket = this.bucket(at);
    bucket.served[version] = (bucket.served[version] ?? 0) + 1;
  }

  failed(at: number): void {
    this.bucket(at).failed += 1;
  }

  /**
   * Every second from the first to the last with an outcome, quiet seconds included as zeros.
   * Whole seconds, even where the load started or stopped part-way: a fixed-rate generator sends
   * each second's requests in one burst, so a second cut to a fraction would read as a spike.
   */
  samples(): TrafficSample[] {
    const seconds = [...this.buckets.keys()];
    if (seconds.length === 0) return [];
    const first = Math.min(...seconds);
    const last = Math.max(...seconds);
    const out: TrafficSample[] = [];
    for (let s = first; s <= last; s++) {
      const bucket = this.buckets.get(s);
      out.push({
        t: s * 1000,
        durationMs: 1000,
        served: { ...(bucket?.served ?? {}) },
        failed: bucket?.failed ?? 0,
      });
    }
    return out;
  }
}

/**
 * Adds up samples of loads that ran side by side (one per load balancer), second by second of
 * the wall clock. Samples of one second that do not cover the same span are merged into one
 * covering both.
 */
export function mergeTraffic(...series: readonly (readonly TrafficSample[])[]): TrafficSample[] {
  const bySecond = new Map<
    number,
    { t: number; end: number; served: Record<string, number>; failed: number }
  >();
  for (const samples of series) {
    for (const sample of samples) {
      const second = Math.floor(sample.t / 1000);
      const merged = bySecond.get(second) ?? {
        t: sample.t,
        end: sample.t + sample.durationMs,
        served: {},
        failed: 0,
      };
      merged.t = Math.min(merged.t, sample.t);
      merged.end = Math.max(merged.end, sample.t + sample.durationMs);
      for (const [version, n] of Object.entries(sample.served)) {
        merged.served[version] = (merged.served[version] ?? 0) + n;
      }
      merged.failed += sample.failed;
      bySecond.set(second, merged);
    }
  }
  return [...bySecond.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, m]) => ({ t: m.t, durationMs: m.end - m.t, served: m.served, failed: m.failed }));
}
