import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import { execa } from 'execa';
import { ownedPid, startDetached, stopOwned, waitFor } from './process.js';
import type { DemoSettings } from './settings.js';

const REGISTRY_IMAGE = 'docker.io/library/registry:2';

export function registryPaths(settings: DemoSettings) {
  const dir = path.join(settings.dir, 'registry');
  return {
    dir,
    config: path.join(dir, 'config.yml'),
    storage: path.join(dir, 'data'),
    pid: path.join(dir, 'registry.pid'),
    log: path.join(dir, 'registry.log'),
    container: `${settings.prefix}registry`,
  };
}

/** True when something answers the registry API at the address. */
export async function registryAnswers(address: string): Promise<boolean> {
  try {
    const res = await fetch(`http://${address}/v2/`, { signal: AbortSignal.timeout(2000) });
    return res.status === 200 || res.status === 401;
  } catch {
    return false;
  }
}

/** Tags the registry holds for a repository (empty when it has none). */
export async function registryTags(address: string, repository: string): Promise<string[]> {
  const res = await fetch(`http://${address}/v2/${repository}/tags/list`, {
    signal: AbortSignal.timeout(5000),
  });
  if (res.status === 404) return [];
  const body = (await res.json()) as { tags?: string[] | null };
  return body.tags ?? [];
}

export function renderRegistryConfig(template: string, settings: DemoSettings): string {
  return template
    .replaceAll('{{storage}}', registryPaths(settings).storage)
    .replaceAll('{{addr}}', settings.registry);
}

async function hasBinary(name: string): Promise<boolean> {
  return (await execa('sh', ['-c', `command -v ${name}`], { reject: false })).exitCode === 0;
}

/**
 * Starts the local registry unless one already answers. Debian's `docker-registry` runs as a
 * background process when installed; otherwise `registry:2` runs as a container (Docker hosts).
 */
export async function ensureRegistry(settings: DemoSettings): Promise<string> {
  const p = registryPaths(settings);
  if (await registryAnswers(settings.registry)) {
    const mine = (await ownedPid(p.pid, p.config)) !== undefined;
    return mine
      ? `already running at ${settings.registry}`
      : `reusing the registry already at ${settings.registry}`;
  }
  const mode =
    settings.registryMode === 'auto'
      ? (await hasBinary('docker-registry'))
        ? 'binary'
        : 'container'
      : settings.registryMode;
  await mkdir(p.storage, { recursive: true });
  if (mode === 'binary') {
    const template = await readFile(path.join(settings.root, 'demo', 'registry.yml.tmpl'), 'utf8');
    await writeFile(p.config, renderRegistryConfig(template, settings));
    const pid = startDetached(['docker-registry', 'serve', p.config], p.log, settings.root);
    await writeFile(p.pid, `${pid}\n`);
  } else {
    const [, hostPort] = settings.registry.split(':');
    await execa(settings.containerCli, ['rm', '-f', p.container], { reject: false });
    const run = await execa(
      settings.containerCli,
      [
        'run',
        '-d',
        '--name',
        p.container,
        '--restart',
        'unless-stopped',
        '-p',
        `${settings.registry}:5000`,
        REGISTRY_IMAGE,
      ],
      { reject: false },
    );
    if (run.exitCode !== 0) {
      throw new ShipyardError(
        `could not start ${REGISTRY_IMAGE} on port ${hostPort}: ${run.stderr.split('\n').at(-1)}`,
        'Install Debian/Ubuntu `docker-registry`, or make sure the container CLI can pull registry:2.',
      );
    }
  }
  try {
    await waitFor(`the registry at ${settings.registry}`, () => registryAnswers(settings.registry), 15_000);
  } catch {
    const log = await readFile(p.log, 'utf8').catch(() => '');
    throw new ShipyardError(
      `the local registry did not come up at ${settings.registry}`,
      `Is the port taken? Set DEMO_REGISTRY=127.0.0.1:<port>. ${log.split('\n').slice(-3).join(' ')}`,
    );
  }
  return `started (${mode}) at ${settings.registry}`;
}

/** Stops the registry only if this demo started it; a borrowed one is left alone. */
export async function stopRegistry(settings: DemoSettings): Promise<boolean> {
  const p = registryPaths(settings);
  const stopped = await stopOwned(p.pid, p.config);
  const rm = await execa(settings.containerCli, ['rm', '-f', p.container], { reject: false });
  return stopped || (rm.exitCode === 0 && rm.stdout.trim().length > 0);
}
