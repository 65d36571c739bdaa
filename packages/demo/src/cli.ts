#!/usr/bin/env node
import path from 'node:path';
import {
  formatDuration,
  isEntryPoint,
  packageVersion,
  runCli,
  ShipyardError,
  Steps,
  withExamples,
} from '@shipyard/cli-kit';
import { containerSettings, imageBuildArgs, readBuildFacts, serviceDockerfile } from '@shipyard/pipeline';
import { Command, InvalidArgumentError, Option } from 'commander';
import { execa } from 'execa';
import { down } from './down.js';
import { e2e } from './e2e.js';
import { demoTag, imageId } from './images.js';
import { startLoad } from './load.js';
import { formatReport } from './report.js';
import { type DemoSettings, resolveSettings } from './settings.js';
import { up } from './up.js';

const settings = (): DemoSettings => resolveSettings(process.env, process.cwd());

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a whole number above 0.');
  return n;
};

async function isDirty(root: string): Promise<boolean> {
  const r = await execa('git', ['status', '--porcelain', '--untracked-files=no'], {
    cwd: root,
    reject: false,
  });
  return r.exitCode === 0 && r.stdout.trim().length > 0;
}

/** HEAD's version as the pipeline computes it; outside a git checkout, a local one. */
async function demoVersion(root: string): Promise<string> {
  try {
    return (await readBuildFacts({ cwd: root, branch: process.env.BRANCH || undefined })).version;
  } catch (error) {
    const short = await execa('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, reject: false });
    const version = `0.0.0-local.${short.exitCode === 0 ? short.stdout.trim() : 'nogit'}`;
    process.stderr.write(`note: no pipeline version (${(error as Error).message}); using ${version}\n`);
    return version;
  }
}

async function buildServiceImage(s: DemoSettings, image: string, steps: Steps): Promise<void> {
  const [name = image, tag = 'dev'] = image.split(/:(?=[^:/]+$)/);
  const [command = 'docker', ...args] = imageBuildArgs(containerSettings(process.env), {
    name,
    tag,
    dockerfile: serviceDockerfile,
  });
  await steps.run(`Build the service image ${image}`, async () => {
    const result = await execa(command, args, { cwd: s.root, stdio: 'inherit', reject: false });
    if (result.exitCode !== 0) {
      throw new ShipyardError(
        `building ${image} failed (${command} exited ${result.exitCode})`,
        'Its output is above.',
      );
    }
  });
}

export function buildProgram(): Command {
  const program = new Command('demo')
    .description(
      'The whole pipeline on this machine: the service image, a local registry standing in for ECR, four ' +
        'local hosts behind one HAProxy per environment, and the end-to-end proofs (docs/demo.md).',
    )
    .version(packageVersion(import.meta.url));
  withExamples(program.command('up'), [
    'demo up',
    'CONTAINER_CLI=podman CONTAINER_BUILD="buildah bud" demo up',
  ])
    .description(
      'build the service image, push it to the local registry as the computed version, deploy it to all four hosts',
    )
    .addOption(
      new Option('--image <name:tag>', 'the local image to build and ship')
        .env('DEMO_IMAGE')
        .default('shipyard/service:dev'),
    )
    .option('--skip-build', 'ship the image already built under --image')
    .addHelpText(
      'after',
      '\nExamples:\n  $ demo up\n  $ CONTAINER_CLI=podman CONTAINER_BUILD="buildah bud" demo up\n',
    )
    .action(async (opts: { image: string; skipBuild?: boolean }) => {
      const s = settings();
      const steps = new Steps(process.stdout);
      if (!opts.skipBuild) await buildServiceImage(s, opts.image, steps);
      const version = await steps.run('Compute the version', async () => {
        const v = await demoVersion(s.root);
        steps.line(`    version ${v}`);
        return v;
      });
      const id = await imageId(s, opts.image);
      await up(s, { sourceImage: opts.image, tag: demoTag(version, await isDirty(s.root), id) }, steps);
    });
  withExamples(program.command('down'), ['demo down'])
    .description('remove every container, image, process and file the demo made')
    .action(async () => down(settings()));
  withExamples(program.command('e2e'), ['demo e2e', 'demo e2e --rate 200 --min-load-seconds 30'])
    .description(
      'prove, under load: zero-downtime roll-out, a broken release, rollback, a bad release caught by the bake, ' +
        'fleet-wide rollback, an interrupted deploy, and two deployers at once',
    )
    .option('--rate <n>', 'requests per second per load balancer', positive, 50)
    .option('--min-load-seconds <n>', 'minimum load duration per scenario', positive, 20)
    .option('--timelines <dir>', 'where each proof writes its SVG timeline (default: reports/timelines)')
    .action(async (opts: { rate: number; minLoadSeconds: number; timelines?: string }) => {
      const results = await e2e(settings(), {
        rate: opts.rate,
        minLoadMs: opts.minLoadSeconds * 1000,
        ...(opts.timelines ? { timelines: path.resolve(opts.timelines) } : {}),
      });
      process.stdout.write(`${formatReport(results)}\n`);
      if (results.some((r) => !r.passed)) {
        throw new ShipyardError('end-to-end proof failed', 'See the scenario lines above.');
      }
    });
  withExamples(program.command('load'), ['demo load http://127.0.0.1:8081/ --rate 100 --seconds 30'])
    .description('send a fixed-rate load to a URL and report requests sent and failed')
    .argument('<url>', 'target, e.g. http://127.0.0.1:8081/')
    .option('--rate <n>', 'requests per second', positive, 50)
    .option('--seconds <n>', 'duration', positive, 10)
    .action(async (url: string, opts: { rate: number; seconds: number }) => {
      const r = await startLoad({ url, rate: opts.rate, minDurationMs: opts.seconds * 1000 }).stop();
      process.stdout.write(
        `${url}: ${r.sent} sent, ${r.failed} failed (${r.errors} errors, ${r.non2xx} non-2xx) in ${formatDuration(r.durationMs)}\n`,
      );
      if (r.failed > 0) process.exitCode = 1;
    });
  return program;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await runCli(buildProgram(), process.argv);
}
