import { type PhaseEvent, type TrafficSample, versionAt } from '@shipyard/timeline';
import type { StatRow } from './haproxy-stats.js';
import type { HostLb } from './lb.js';
import type { StatSample } from './sampler.js';

const find = (rows: readonly StatRow[] | undefined, proxy: string, server: string) =>
  rows?.find((r) => r.proxy === proxy && r.server === server);

// Counters only grow, except when HAProxy restarts: then the interval counts nothing.
const delta = (before: number, after: number) => Math.max(0, after - before);

/**
 * Turns cumulative HAProxy counters into traffic per interval. A server's answered requests
 * (req_tot less hrsp_5xx) count for the version its host ran mid-interval, from the phase events;
 * failed requests are the backend's hrsp_5xx, which includes HAProxy's own 503s when no server
 * was available. Pure.
 */
export function haproxyTraffic(
  samples: readonly StatSample[],
  hosts: readonly HostLb[],
  events: readonly PhaseEvent[],
): TrafficSample[] {
  const balanced = hosts.flatMap((h) => (h.haproxy ? [{ host: h.host, ...h.haproxy }] : []));
  const backends = [
    ...new Map(
      balanced.map((h) => [`${h.socket}\n${h.backend}`, { socket: h.socket, backend: h.backend }]),
    ).values(),
  ];
  const out: TrafficSample[] = [];
  for (let k = 1; k < samples.length; k++) {
    const before = samples[k - 1] as StatSample;
    const after = samples[k] as StatSample;
    const middle = (before.t + after.t) / 2;
    const served: Record<string, number> = {};
    for (const h of balanced) {
      const b = find(before.bySocket[h.socket], h.backend, h.server);
      const a = find(after.bySocket[h.socket], h.backend, h.server);
      if (!a || !b) continue;
      const ok = Math.max(0, delta(b.requests, a.requests) - delta(b.errors5xx, a.errors5xx));
      if (ok === 0) continue;
      const version = versionAt(events, h.host, middle);
      served[version] = (served[version] ?? 0) + ok;
    }
    let failed = 0;
    for (const { socket, backend } of backends) {
      const b = find(before.bySocket[socket], backend, 'BACKEND');
      const a = find(after.bySocket[socket], backend, 'BACKEND');
      if (a && b) failed += delta(b.errors5xx, a.errors5xx);
    }
    out.push({ t: before.t, durationMs: after.t - before.t, served, failed });
  }
  return out;
}
