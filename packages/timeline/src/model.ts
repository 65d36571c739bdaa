import type { Phase, PhaseEvent } from './events.js';
import type { TrafficSample } from './traffic.js';

/** Traffic a host served before its first new container: the image it ran when the run began. */
export const BEFORE = 'before';
/** The series of failed requests in the traffic chart. */
export const FAILED = 'failed';

/** How each phase reads in the legend, in the order a host goes through them. */
export const PHASE_LABELS: Readonly<Record<Phase, string>> = {
  out: 'out of the LB',
  starting: 'starting',
  baking: 'baking (in the LB)',
  in: 'in service',
  failed: 'failed',
  rollback: 'rolling back',
};

/** Phases after which the host serves the event's image (out and failed change nothing yet). */
const RUNS_IMAGE: ReadonlySet<Phase> = new Set(['starting', 'baking', 'in', 'rollback']);

/** The short name of an image reference: its tag, or the start of its digest. */
export function versionOf(image: string): string {
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1, at + 1 + 'sha256:'.length + 12);
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  if (colon > slash) return image.slice(colon + 1);
  return image === '' ? 'unknown' : image;
}

/** The version `host` serves at time `t`, from its phase events; BEFORE until it ran a new one. */
export function versionAt(events: readonly PhaseEvent[], host: string, t: number): string {
  let version = BEFORE;
  for (const e of events) {
    if (e.t > t) break;
    if (e.host === host && RUNS_IMAGE.has(e.phase)) version = versionOf(e.image);
  }
  return version;
}

/** One host's stretch in one phase, in seconds from the start of the timeline. */
export interface Band {
  readonly host: string;
  readonly phase: Phase;
  readonly label: string;
  readonly version: string;
  readonly from: number;
  readonly to: number;
}

/** One series over one interval of the traffic chart. */
export interface TrafficRow {
  readonly from: number;
  readonly to: number;
  /** A version, or FAILED. */
  readonly series: string;
  /** Stacking order: series earlier in `TimelineData.series` sit lower. */
  readonly order: number;
  readonly count: number;
  /** Requests per second over the interval. */
  readonly rate: number;
}

export interface TimelineData {
  /** Epoch ms of second 0. */
  readonly start: number;
  /** Seconds from start to the last event or sample. */
  readonly duration: number;
  /** Every host with a row, in order. */
  readonly hosts: readonly string[];
  readonly bands: readonly Band[];
  /** Failures as instants (a failed phase can last no time at all before its rollback). */
  readonly failures: readonly { readonly host: string; readonly at: number; readonly version: string }[];
  /** Undefined when traffic was not sampled (then only the bands are drawn). */
  readonly traffic: readonly TrafficRow[] | undefined;
  /** Traffic series in stacking order: BEFORE, then versions as first seen, then FAILED. */
  readonly series: readonly string[];
  readonly totals: {
    readonly requests: number;
    readonly failed: number;
    readonly served: Readonly<Record<string, number>>;
  };
}

export interface TimelineInput {
  readonly events: readonly PhaseEvent[];
  /** Undefined when traffic was not sampled. */
  readonly traffic?: readonly TrafficSample[] | undefined;
  /** Hosts to list even without events (inventory order); hosts seen only in events follow. */
  readonly hosts?: readonly string[] | undefined;
  /** When the run began and ended (epoch ms), so the axis covers it all even when little happened. */
  readonly span?: { readonly start: number; readonly end: number } | undefined;
}

const seconds = (ms: number) => Math.round(ms) / 1000;

/** Turns events and traffic samples into what the chart draws. Pure. */
export function buildTimeline(input: TimelineInput): TimelineData {
  const events = [...input.events].sort((a, b) => a.t - b.t);
  const samples = [...(input.traffic ?? [])].sort((a, b) => a.t - b.t);
  const instants = [
    ...(input.span ? [input.span.start, input.span.end] : []),
    ...events.map((e) => e.t),
    ...samples.flatMap((s) => [s.t, s.t + s.durationMs]),
  ];
  const start = instants.length > 0 ? Math.min(...instants) : 0;
  const end = instants.length > 0 ? Math.max(...instants) : 0;
  const rel = (t: number) => seconds(t - start);

  const hosts = [...new Set([...(input.hosts ?? []), ...events.map((e) => e.host)])];
  const bands: Band[] = [];
  for (const host of hosts) {
    const own = events.filter((e) => e.host === host);
    own.forEach((e, i) => {
      const next = own[i + 1];
      const to = next ? next.t : end;
      if (to <= e.t) return;
      bands.push({
        host,
        phase: e.phase,
        label: PHASE_LABELS[e.phase],
        version: versionOf(e.image),
        from: rel(e.t),
        to: rel(to),
      });
    });
  }
  const failures = events
    .filter((e) => e.phase === 'failed')
    .map((e) => ({ host: e.host, at: rel(e.t), version: versionOf(e.image) }));

  const versions = new Set<string>();
  for (const s of samples) for (const v of Object.keys(s.served)) versions.add(v);
  // BEFORE first, so the old release sits at the bottom of the stack and the new one grows on it.
  const ordered = [...versions].sort((a, b) => (a === BEFORE ? -1 : b === BEFORE ? 1 : 0));
  const series = input.traffic ? [...ordered, FAILED] : [];
  const served: Record<string, number> = {};
  let failed = 0;
  const traffic = input.traffic
    ? samples.flatMap((s) => {
        const perSecond = 1000 / s.durationMs;
        failed += s.failed;
        return series.map((name, order) => {
          const count = name === FAILED ? s.failed : (s.served[name] ?? 0);
          if (name !== FAILED) served[name] = (served[name] ?? 0) + count;
          return {
            from: rel(s.t),
            to: rel(s.t + s.durationMs),
            series: name,
            order,
            count,
            rate: count * perSecond,
          };
        });
      })
    : undefined;
  const requests = Object.values(served).reduce((a, b) => a + b, 0) + failed;
  return {
    start,
    duration: seconds(end - start),
    hosts,
    bands,
    failures,
    traffic,
    series,
    totals: { requests, failed, served },
  };
}
