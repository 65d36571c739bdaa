import { type Command, InvalidArgumentError } from 'commander';
import { execa } from 'execa';
import { DeployError } from '../errors.js';
import { down } from './down.js';
import { e2e } from './e2e.js';
import { demoTag, imageId } from './images.js';
import { startLoad } from './load.js';
import { formatReport } from './report.js';
import { type DemoSettings, resolveSettings } from './settings.js';
import { seconds } from './steps.js';
import { up } from './up.js';

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

/** Adds `up`, `down`, `e2e` and `load` to a command (`demo` now, `deploy demo` once merged). */
export function addDemoCommands(program: Command): Command {
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
        throw new DeployError('end-to-end proof failed', 'See the scenario lines above.');
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
