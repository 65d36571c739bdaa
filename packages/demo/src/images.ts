import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import { isImageTag } from '@shipyard/contracts';
import { imageBuildArgs } from '@shipyard/pipeline';
import { execa } from 'execa';
import { type DemoSettings, imageRef } from './settings.js';

/**
 * The tag the demo pushes: the computed version, made tag-safe. A build from a dirty work tree
 * also carries the image id, so changing the app without committing still rolls out a new
 * version instead of re-tagging the old one.
 */
export function demoTag(version: string, dirty: boolean, imageId: string): string {
  const base = version.trim().replaceAll('+', '-');
  const tag = dirty ? `${base}-dirty.${imageId.replace(/^sha256:/, '').slice(0, 7)}` : base;
  if (!isImageTag(tag)) {
    throw new ShipyardError(`version "${version}" cannot be an image tag`, 'Check `make version`.');
  }
  return tag;
}

/** argv for a push; podman is told the loopback registry is plain HTTP, Docker knows already. */
export function pushArgs(settings: DemoSettings, ref: string): string[] {
  return settings.containerCli.endsWith('podman') ? ['push', '--tls-verify=false', ref] : ['push', ref];
}

async function cli(settings: DemoSettings, args: readonly string[]): Promise<string> {
  const result = await execa(settings.containerCli, args, { reject: false });
  if (result.exitCode !== 0) {
    throw new ShipyardError(
      `${settings.containerCli} ${args.join(' ')} failed: ${(result.stderr || result.stdout).trim().split('\n').at(-1)}`,
    );
  }
  return result.stdout.trim();
}

export function imageId(settings: DemoSettings, ref: string): Promise<string> {
  return cli(settings, ['image', 'inspect', '--format', '{{.Id}}', ref]);
}

/** Tags a local image into the local registry and pushes it; returns the registry reference. */
export async function pushAs(settings: DemoSettings, localRef: string, tag: string): Promise<string> {
  const ref = imageRef(settings, tag);
  await cli(settings, ['tag', localRef, ref]);
  await cli(settings, pushArgs(settings, ref));
  return ref;
}

/** The command an image starts with (entrypoint + cmd), to wrap it in the broken variant. */
async function startCommand(settings: DemoSettings, ref: string): Promise<string[]> {
  const raw = await cli(settings, [
    'image',
    'inspect',
    '--format',
    '{{json .Config.Entrypoint}}|{{json .Config.Cmd}}',
    ref,
  ]);
  const [entrypoint, cmd] = raw.split('|').map((part) => (JSON.parse(part) as string[] | null) ?? []);
  const argv = [...(entrypoint ?? []), ...(cmd ?? [])];
  if (argv.length === 0) throw new ShipyardError(`${ref} has neither ENTRYPOINT nor CMD`);
  return argv;
}

export type Variant = 'b' | 'c' | 'd' | 'e';

/** The test-only fault injector D and E load (demo/fault-injector.mjs), and where it goes in them. */
export const FAULT_INJECTOR = 'fault-injector.mjs';
const FAULT_PATH = '/opt/shipyard-fault/inject.mjs';

/** Share of GET / that D answers with 500, and the host on which E never gets healthy. */
export const D_ERROR_SHARE = 0.3;
export const E_UNHEALTHY_ON = 'staging-2';

/**
 * Containerfiles for the e2e releases, each built FROM the release before it:
 * - `b`: the same app under a new image id and tag (a label differs), so the roll-over is visible;
 * - `c`: B started with an invalid setting, so the service refuses to start (exit 2) and never
 *   gets healthy. `env` in the command, not `ENV`, because the deploy role sets the service's
 *   variables on the container and would override an image ENV;
 * - `d`: B plus the test-only fault injector answering 500 on a share of GET /; /health stays 200;
 * - `e`: B plus the injector making /health 503 on one host only (SHIPYARD_DEMO_HOST, set per
 *   host by demo/inventory.yml). The injector's variables are image ENV: the role never sets them.
 */
export async function variantContainerfile(
  settings: DemoSettings,
  kind: Variant,
  from: string,
): Promise<string> {
  const label = `FROM ${from}\nLABEL org.shipyard.demo.release="${kind}"\n`;
  if (kind === 'b') return label;
  if (kind === 'c') {
    const argv = ['env', 'SHUTDOWN_TIMEOUT_MS=oops', ...(await startCommand(settings, from))];
    return `${label}ENTRYPOINT []\nCMD ${JSON.stringify(argv)}\n`;
  }
  const fault =
    kind === 'd'
      ? `SHIPYARD_FAULT_ROOT_500_SHARE=${D_ERROR_SHARE}`
      : `SHIPYARD_FAULT_UNHEALTHY_ON=${E_UNHEALTHY_ON}`;
  return `${label}COPY ${FAULT_INJECTOR} ${FAULT_PATH}\nENV NODE_OPTIONS=--import=file://${FAULT_PATH} ${fault}\n`;
}

/** Builds an e2e variant with the configured build command and pushes it. */
export async function buildVariant(
  settings: DemoSettings,
  kind: Variant,
  from: string,
  tag: string,
): Promise<string> {
  const dir = path.join(settings.dir, 'e2e', kind);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'Containerfile');
  await writeFile(file, await variantContainerfile(settings, kind, from));
  if (kind === 'd' || kind === 'e') {
    await copyFile(path.join(settings.root, 'demo', FAULT_INJECTOR), path.join(dir, FAULT_INJECTOR));
  }
  const localRef = `localhost/${settings.prefix}e2e:${tag}`;
  // The one image build the pipeline uses, so B and C differ from A only where intended.
  const [cmd = 'docker', ...args] = imageBuildArgs(
    { cli: settings.containerCli, build: settings.containerBuild, nodeImage: undefined },
    { name: `localhost/${settings.prefix}e2e`, tag, dockerfile: file, context: dir },
  );
  const build = await execa(cmd, args, { reject: false, all: true });
  if (build.exitCode !== 0) {
    throw new ShipyardError(
      `building the e2e image ${kind.toUpperCase()} failed`,
      build.all?.split('\n').slice(-5).join('\n'),
    );
  }
  return pushAs(settings, localRef, tag);
}
