import type { TopLevelSpec } from 'vega-lite';
import { PHASES } from './events.js';
import { BEFORE, FAILED, PHASE_LABELS, type TimelineData, type TrafficRow } from './model.js';

export interface TimelineText {
  /** e.g. "Roll-out of registry/app:1.2.0 to staging". */
  readonly title: string;
  /** Extra lines under the title (what was sampled, how). */
  readonly subtitle?: readonly string[];
}

const WIDTH = 860;
const TRAFFIC_HEIGHT = 200;
const ROW_HEIGHT = 26;

// Versions take the Tableau colours without its red and grey: red means failed, grey means before.
const VERSION_COLOURS = ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#72b7b2', '#eeca3b', '#9d755d'];
const BEFORE_COLOUR = '#9d9d9d';
const FAILED_COLOUR = '#e45756';
const PHASE_COLOURS: Readonly<Record<(typeof PHASES)[number], string>> = {
  out: '#bab0ac',
  starting: '#eeca3b',
  baking: '#72b7b2',
  in: '#54a24b',
  failed: FAILED_COLOUR,
  rollback: '#b279a2',
};

export function seriesColours(series: readonly string[]): string[] {
  let next = 0;
  return series.map((name) => {
    if (name === FAILED) return FAILED_COLOUR;
    if (name === BEFORE) return BEFORE_COLOUR;
    return VERSION_COLOURS[next++ % VERSION_COLOURS.length] as string;
  });
}

/** The lines under the title's own: hosts and span, then requests, failures and each version's share. */
export function summaryLines(data: TimelineData): string[] {
  const span = `${data.hosts.length} host(s) over ${data.duration.toFixed(1)} s`;
  if (!data.traffic) return [span];
  const { requests, failed, served } = data.totals;
  const share = requests > 0 ? ` (${((100 * failed) / requests).toFixed(2)} %)` : '';
  const versions = Object.entries(served).map(([version, n]) => `${version} ${n}`);
  return [
    `${span}: ${requests} requests, ${failed} failed${share}`,
    ...(versions.length > 0 ? [`served: ${versions.join(', ')}`] : []),
  ];
}

/**
 * The points of the stepped area: each row at its start, and each series' last row again at its
 * end, so the final interval is drawn too.
 */
export function trafficPoints(rows: readonly TrafficRow[]): TrafficRow[] {
  const last = new Map<string, TrafficRow>();
  for (const row of rows) {
    const seen = last.get(row.series);
    if (!seen || row.from >= seen.from) last.set(row.series, row);
  }
  return [...rows, ...[...last.values()].map((row) => ({ ...row, from: row.to }))];
}

const x = (duration: number, title: string | null) => ({
  field: 'from',
  type: 'quantitative' as const,
  title,
  scale: { domain: [0, Math.max(duration, 1)], nice: false, zero: true },
});

/**
 * The Vega-Lite spec of one roll-out: requests per second stacked by version served (failed on
 * top, in red) above one band per host coloured by phase, on one time axis. Pure.
 */
export function timelineSpec(data: TimelineData, text: TimelineText): TopLevelSpec {
  const started = new Date(data.start).toISOString().replace('.000Z', 'Z');
  const axisTitle = `seconds since ${started}`;
  const phaseDomain = PHASES.map((p) => PHASE_LABELS[p]);
  const bands = {
    name: 'hosts',
    width: WIDTH,
    height: Math.max(1, data.hosts.length) * ROW_HEIGHT,
    layer: [
      {
        name: 'bands',
        data: {
          values: data.bands.map((b) => ({
            ...b,
            description: `${b.host}: ${b.label} (${b.version}) from ${b.from.toFixed(1)} s to ${b.to.toFixed(1)} s`,
          })),
        },
        mark: { type: 'bar' as const, cornerRadius: 2 },
        encoding: {
          x: x(data.duration, axisTitle),
          x2: { field: 'to' },
          y: {
            field: 'host',
            type: 'nominal' as const,
            title: null,
            sort: [...data.hosts],
            scale: { domain: [...data.hosts] },
            axis: { labelFontSize: 12 },
          },
          description: { field: 'description' },
          color: {
            field: 'label',
            type: 'nominal' as const,
            title: 'host phase',
            scale: { domain: phaseDomain, range: PHASES.map((p) => PHASE_COLOURS[p]) },
            legend: { orient: 'bottom' as const, direction: 'horizontal' as const, values: phaseDomain },
          },
        },
      },
      {
        // A failure often lasts no time at all (the rollback starts at once): mark the instant.
        name: 'failures',
        data: {
          values: data.failures.map((f) => ({
            ...f,
            description: `${f.host}: ${f.version} failed at ${f.at.toFixed(1)} s`,
          })),
        },
        mark: {
          type: 'point' as const,
          shape: 'cross',
          filled: true,
          size: 220,
          color: FAILED_COLOUR,
          stroke: 'white',
          strokeWidth: 1,
          opacity: 1,
        },
        encoding: {
          x: { field: 'at', type: 'quantitative' as const },
          y: { field: 'host', type: 'nominal' as const },
          description: { field: 'description' },
        },
      },
    ],
  };
  const traffic = data.traffic && {
    name: 'traffic',
    width: WIDTH,
    height: TRAFFIC_HEIGHT,
    data: { values: trafficPoints(data.traffic) },
    // step-after: each interval's rate holds flat from its start to the next sample.
    mark: { type: 'area' as const, interpolate: 'step-after' as const },
    encoding: {
      x: x(data.duration, null),
      y: {
        field: 'rate',
        type: 'quantitative' as const,
        stack: 'zero' as const,
        title: 'requests per second',
      },
      color: {
        field: 'series',
        type: 'nominal' as const,
        title: 'served by',
        scale: { domain: [...data.series], range: seriesColours(data.series) },
        // Versions are long (1.4.0-main.12.g3f2a1bc): room for them rather than an ellipsis.
        legend: { orient: 'right' as const, labelLimit: 480 },
      },
      order: { field: 'order', type: 'quantitative' as const },
    },
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: text.title,
      subtitle: [...(text.subtitle ?? []), ...summaryLines(data)],
      anchor: 'start',
      fontSize: 16,
      subtitleFontSize: 12,
    },
    background: 'white',
    config: { view: { stroke: null }, axis: { grid: true, gridOpacity: 0.4 } },
    resolve: { scale: { color: 'independent', x: 'shared' }, legend: { color: 'independent' } },
    spacing: 16,
    vconcat: traffic ? [traffic, bands] : [bands],
  } as TopLevelSpec;
}
