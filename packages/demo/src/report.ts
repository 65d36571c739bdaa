import { formatDuration } from '@shipyard/cli-kit';
import type { LoadReport } from './load.js';

/** One proof of `make e2e`: what it claimed, what the load saw, and whether it held. */
export interface ScenarioResult {
  readonly name: string;
  readonly passed: boolean;
  /** Why it failed, one line per broken expectation (empty when it passed). */
  readonly problems: readonly string[];
  readonly load?: LoadReport;
  readonly durationMs: number;
  /** Roll-out time per host, in the order they were replaced. */
  readonly hostTimes?: readonly { readonly host: string; readonly ms: number }[];
  /** The proof's SVG timeline, when one was written. */
  readonly timeline?: string;
  /** Figures the proof reports besides the table's (one line each). */
  readonly notes?: readonly string[];
}

/** The closing table of `make e2e`. Pure, so the wording is tested. */
export function formatReport(results: readonly ScenarioResult[]): string {
  const rows = results.map((r) => [
    r.passed ? 'PASS' : 'FAIL',
    r.name,
    String(r.load?.sent ?? '-'),
    String(r.load?.failed ?? '-'),
    r.load ? formatDuration(r.load.durationMs) : '-',
    formatDuration(r.durationMs),
  ]);
  const header = ['result', 'scenario', 'sent', 'failed', 'load for', 'took'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const out = ['', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  for (const r of results) {
    if (r.hostTimes && r.hostTimes.length > 0) {
      out.push(
        `${r.name}: roll-out per host: ${r.hostTimes.map((h) => `${h.host} ${formatDuration(h.ms)}`).join(', ')}`,
      );
    }
    if (r.load && Object.keys(r.load.versions).length > 0) {
      const seen = Object.entries(r.load.versions).map(([v, n]) => `${v} ×${n}`);
      out.push(`${r.name}: responses by version: ${seen.join(', ')}`);
    }
    if (r.timeline) out.push(`${r.name}: timeline ${r.timeline}`);
    for (const n of r.notes ?? []) out.push(`${r.name}: ${n}`);
    for (const p of r.problems) out.push(`${r.name}: ${p}`);
  }
  const failed = results.filter((r) => !r.passed).length;
  out.push(
    '',
    failed === 0
      ? `${results.length} passed, 0 failed`
      : `${results.length - failed} passed, ${failed} failed`,
  );
  return out.join('\n');
}
