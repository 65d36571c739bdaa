#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
/**
 * `demo`: the local environment (`make demo`, `make demo-down`, `make e2e`). Its own entry point
 * for now; it becomes `deploy demo …` when merged into cli.ts.
 */
import { execa } from 'execa';
import { down } from './demo/down.js';
import { e2e } from './demo/e2e.js';
import { DemoError } from './demo/errors.js';
import { demoTag, imageId } from './demo/images.js';
import { startLoad } from './demo/load.js';
import { formatReport } from './demo/report.js';
import { type DemoSettings, resolveSettings } from './demo/settings.js';
import { seconds } from './demo/steps.js';
import { up } from './demo/up.js';

const settings = (): DemoSettings => resolveSettings(process.env, process.cwd());

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a whole number above 0');
  return n;
};

async function isDirty(root: string): Promise<boolean> {
  const r = await execa('git', ['status', '--porcelain', '--untracked-files=no'], {
    cwd: root,
    reject: false,
  });
  return r.exitCode === 0 && r.stdout.trim().length > 0;
}

export function demoProgram(): Command {
  const program = new Command('demo').description(
    'The whole pipeline on this machine: local registry, four local hosts, one HAProxy per environment.\n' +
      'Run from the repository root. Settings come from DEMO_* variables (docs/demo.md).',
  );
  program
    .command('up')
    .description('push the built image to the local registry and deploy it to all four local hosts')
    .requiredOption('--image <ref>', 'the locally built service image, e.g. shipyard/service:dev')
    .requiredOption('--version <version>', 'the computed version (`make version`); becomes the tag')
    .action(async (opts: { image: string; version: string }) => {
      const s = settings();
      const id = await imageId(s, opts.image);
      await up(s, { sourceImage: opts.image, tag: demoTag(opts.version, await isDirty(s.root), id) });
    });
  program
    .command('down')
    .description('remove every container, image, process and file the demo made')
    .action(async () => down(settings()));
  program
    .command('e2e')
    .description(
      'prove zero-downtime roll-out, automatic rollback of a broken release, and rollback, under load',
    )
    .option('--rate <n>', 'requests per second per load balancer', positive, 50)
    .option('--min-load-seconds <n>', 'minimum load duration per scenario', positive, 20)
    .action(async (opts: { rate: number; minLoadSeconds: number }) => {
      const results = await e2e(settings(), { rate: opts.rate, minLoadMs: opts.minLoadSeconds * 1000 });
      process.stdout.write(`${formatReport(results)}\n`);
      if (results.some((r) => !r.passed)) {
        throw new DemoError('end-to-end proof failed', 'See the scenario lines above.');
      }
    });
  program
    .command('load')
    .description('send a fixed-rate load to a URL and report requests sent and failed')
    .argument('<url>', 'target, e.g. http://127.0.0.1:8081/')
    .option('--rate <n>', 'requests per second', positive, 50)
    .option('--seconds <n>', 'duration', positive, 10)
    .action(async (url: string, opts: { rate: number; seconds: number }) => {
      const r = await startLoad({ url, rate: opts.rate, minDurationMs: opts.seconds * 1000 }).stop();
      process.stdout.write(
        `${url}: ${r.sent} sent, ${r.failed} failed (${r.errors} errors, ${r.non2xx} non-2xx) in ${seconds(r.durationMs)}\n`,
      );
      if (r.failed > 0) process.exitCode = 1;
    });
  return program;
}

try {
  await demoProgram().parseAsync(process.argv);
} catch (err) {
  if (err instanceof DemoError) {
    process.stderr.write(`error: ${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ''}`);
  } else {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exitCode = 1;
}
