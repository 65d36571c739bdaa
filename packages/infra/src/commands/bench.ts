import * as fs from 'node:fs';
import * as path from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import { type Command, Option } from 'commander';
import { hyperfineArgs, infraBenchmarks, medianLines } from '../bench/hyperfine';
import { cliContext } from '../orchestration/context';
import { packageRoot, repoRoot } from '../paths';
import { withExamples } from './options';

export function registerBench(program: Command): void {
  const command = program
    .command('bench')
    .summary('benchmark a cold make synth and a warm make preview with hyperfine')
    .description(
      'Time, side by side in one hyperfine run, a cold `make synth`, the same synth after loading the ' +
        "provider's package index (the baseline), and a warm `make preview`; print the medians and keep " +
        "hyperfine's JSON in reports/bench-infra.json.",
    )
    .addOption(new Option('--runs <n>', 'timed runs of each command').default(5).argParser(Number))
    .action(async (o: { runs: number }) => {
      const { steps } = cliContext();
      const reports = path.join(repoRoot, 'reports');
      fs.mkdirSync(reports, { recursive: true });
      const exportJson = path.join(reports, 'bench-infra.json');
      const args = hyperfineArgs({
        benchmarks: infraBenchmarks({
          repoRoot,
          packageRoot,
          scratch: path.join(packageRoot, 'cdktf.out', 'bench'),
        }),
        runs: o.runs,
        exportJson,
      });
      await steps.run('Benchmarking synth and preview', async () => {
        const { execa } = await import('execa');
        const r = await execa('hyperfine', args, { reject: false, stdio: ['ignore', 'inherit', 'inherit'] });
        if (r.exitCode === undefined) {
          throw new ShipyardError(
            'hyperfine is not installed',
            'Install it (Debian/Ubuntu: apt-get install hyperfine, macOS: brew install hyperfine).',
          );
        }
        if (r.exitCode !== 0)
          throw new ShipyardError('a benchmarked command failed', "hyperfine's output is above.");
      });
      for (const line of medianLines(JSON.parse(fs.readFileSync(exportJson, 'utf8')))) steps.line(line);
    });
  withExamples(command, ['infra bench', 'infra bench --runs 10']);
}
