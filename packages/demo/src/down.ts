import { rm } from 'node:fs/promises';
import { ShipyardError, Steps } from '@shipyard/cli-kit';
import { ENVIRONMENTS } from '@shipyard/contracts';
import { execa } from 'execa';
import { stopHaproxy } from './haproxy.js';
import { stopRegistry } from './registry.js';
import type { DemoSettings } from './settings.js';

/** Lines a `<cli> …` listing prints; a CLI that cannot answer stops the teardown with one line. */
async function list(settings: DemoSettings, args: readonly string[]): Promise<string[]> {
  const r = await execa(settings.containerCli, args, { reject: false });
  if (r.failed) {
    const why =
      r.code === 'ENOENT'
        ? 'not found'
        : (r.stderr
            .trim()
            .split('\n')[0]
            ?.replace(/[.\s]+$/, '') ?? `exit ${r.exitCode}`);
    throw new ShipyardError(
      `cannot list the demo's containers and images with \`${settings.containerCli} ${args[0]}\`: ${why}`,
      'Set CONTAINER_CLI to the engine the demo ran on (docker or podman) and run make demo-down again.',
    );
  }
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** Whether an image reference is one the demo made: pushed to its registry, or an e2e variant. */
export function isDemoImage(settings: DemoSettings, ref: string): boolean {
  const bare = ref.replace(/^localhost\//, '');
  return (
    ref.startsWith(`${settings.registry}/${settings.repository}:`) || bare.startsWith(`${settings.prefix}`)
  );
}

/** Removes exactly what the demo made: its containers, images, processes and .demo/. */
export async function down(settings: DemoSettings, steps: Steps = new Steps(process.stdout)): Promise<void> {
  await steps.run(`Remove containers named ${settings.prefix}*`, async () => {
    const names = (await list(settings, ['ps', '-a', '--format', '{{.Names}}'])).filter((n) =>
      n.startsWith(settings.prefix),
    );
    if (names.length > 0) {
      await execa(settings.containerCli, ['stop', '-t', '0', ...names], { reject: false });
      await execa(settings.containerCli, ['rm', '-f', ...names]);
    }
    steps.line(`    removed ${names.length}: ${names.join(', ') || 'none'}`);
  });
  await steps.run('Stop the load balancers and the registry', async () => {
    for (const env of ENVIRONMENTS)
      steps.line(`    haproxy ${env}: ${(await stopHaproxy(settings, env)) ? 'stopped' : 'not running'}`);
    steps.line(`    registry: ${(await stopRegistry(settings)) ? 'stopped' : 'not ours or not running'}`);
  });
  await steps.run('Remove the demo images', async () => {
    const refs = (await list(settings, ['images', '--format', '{{.Repository}}:{{.Tag}}'])).filter((r) =>
      isDemoImage(settings, r),
    );
    if (refs.length > 0) await execa(settings.containerCli, ['rmi', '-f', ...refs]);
    steps.line(`    removed ${refs.length} tag(s)`);
  });
  await steps.run(`Remove ${settings.dir}`, () => rm(settings.dir, { recursive: true, force: true }));
}
