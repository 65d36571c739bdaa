import { describe, expect, it } from 'vitest';
import { hyperfineArgs, infraBenchmarks, medianLines, shellQuote } from '../src/bench/hyperfine';

describe('make bench-infra', () => {
  it('compares a cold synth, the provider-index baseline and a warm preview side by side in one hyperfine run', () => {
    const benchmarks = infraBenchmarks({
      repoRoot: '/r',
      packageRoot: '/r/packages/infra',
      scratch: '/r/bench out',
    });
    expect(hyperfineArgs({ benchmarks, runs: 5, exportJson: '/r/reports/bench-infra.json' })).toEqual([
      '--warmup',
      '1',
      '--runs',
      '5',
      '--export-json',
      '/r/reports/bench-infra.json',
      '--prepare',
      "rm -rf '/r/bench out'",
      '--prepare',
      'true',
      '--prepare',
      'true',
      '--command-name',
      'cold make synth',
      '--command-name',
      'synth after loading the provider index',
      '--command-name',
      'warm make preview',
      "make -s -C '/r' synth INFRA_OUT='/r/bench out'",
      "node --no-deprecation '/r/packages/infra/scripts/naive-index-synth.cjs'",
      "make -s -C '/r' preview",
    ]);
  });

  it('quotes for the shell hyperfine runs commands in', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('prints the median of each benchmark', () => {
    expect(
      medianLines({
        results: [
          { command: 'cold make synth', median: 1.512, user: 0.61 },
          { command: 'warm make preview', median: 11.049, user: 15.891 },
        ],
      }),
    ).toEqual([
      'cold make synth    median 1.51 s  user 0.61 s',
      'warm make preview  median 11.05 s  user 15.89 s',
    ]);
  });
});
