import * as path from 'node:path';

/** One benchmarked command: a name, what to run, and what to run before each timing. */
export interface Benchmark {
  readonly name: string;
  readonly command: string;
  readonly prepare: string;
}

/** hyperfine runs its commands through a shell; paths are single-quoted for it. */
export const shellQuote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * What `make bench-infra` compares, side by side in one hyperfine run: a cold `make synth`
 * (fresh output folder each run), the same synth after loading the provider's package index (the
 * baseline deep imports avoid), and a warm `make preview` (its warm-up run does the init).
 */
export function infraBenchmarks(o: { repoRoot: string; packageRoot: string; scratch: string }): Benchmark[] {
  const make = `make -s -C ${shellQuote(o.repoRoot)}`;
  return [
    {
      name: 'cold make synth',
      command: `${make} synth INFRA_OUT=${shellQuote(o.scratch)}`,
      prepare: `rm -rf ${shellQuote(o.scratch)}`,
    },
    {
      name: 'synth after loading the provider index',
      command: `node --no-deprecation ${shellQuote(path.join(o.packageRoot, 'scripts', 'naive-index-synth.cjs'))}`,
      prepare: 'true',
    },
    { name: 'warm make preview', command: `${make} preview`, prepare: 'true' },
  ];
}

export function hyperfineArgs(o: {
  benchmarks: readonly Benchmark[];
  runs: number;
  exportJson: string;
}): string[] {
  return [
    '--warmup',
    '1',
    '--runs',
    String(o.runs),
    '--export-json',
    o.exportJson,
    ...o.benchmarks.flatMap((b) => ['--prepare', b.prepare]),
    ...o.benchmarks.flatMap((b) => ['--command-name', b.name]),
    ...o.benchmarks.map((b) => b.command),
  ];
}

interface HyperfineJson {
  readonly results: readonly { command: string; median: number; user: number }[];
}

/** One line per benchmark from hyperfine's JSON: the median wall time and the mean user CPU. */
export function medianLines(json: HyperfineJson): string[] {
  const width = Math.max(...json.results.map((r) => r.command.length));
  return json.results.map(
    (r) => `${r.command.padEnd(width)}  median ${r.median.toFixed(2)} s  user ${r.user.toFixed(2)} s`,
  );
}
