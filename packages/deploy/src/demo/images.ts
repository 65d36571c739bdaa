import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { DeployError } from '../errors.js';
import { type DemoSettings, imageRef } from './settings.js';

/**
 * The tag the demo pushes: the computed version, made tag-safe. A build from a dirty work tree
 * also carries the image id, so changing the app without committing still rolls out a new
 * version instead of re-tagging the old one.
 */
export function demoTag(version: string, dirty: boolean, imageId: string): string {
  const base = version.trim().replaceAll('+', '-');
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}$/.test(base)) {
    throw new DeployError(`version "${version}" cannot be an image tag`, 'Check `make version`.');
  }
  return dirty ? `${base}-dirty.${imageId.replace(/^sha256:/, '').slice(0, 7)}` : base;
}

/** argv for a push; podman is told the loopback registry is plain HTTP, Docker knows already. */
export function pushArgs(settings: DemoSettings, ref: string): string[] {
  return settings.containerCli.endsWith('podman') ? ['push', '--tls-verify=false', ref] : ['push', ref];
}

async function cli(settings: DemoSettings, args: readonly string[]): Promise<string> {
  const result = await execa(settings.containerCli, args, { reject: false });
  if (result.exitCode !== 0) {
    throw new DeployError(
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
  if (argv.length === 0) throw new DeployError(`${ref} has neither ENTRYPOINT nor CMD`);
  return argv;
}

/**
 * Containerfiles for the e2e releases, each built FROM the release before it:
 * - `b`: the same app under a new image id and tag (a label differs), so the roll-over is visible;
 * - `c`: B started with an invalid setting, so the service refuses to start (exit 2) and never
 *   gets healthy. `env` in the command, not `ENV`, because the deploy role sets the service's
 *   variables on the container and would override an image ENV.
 */
export async function variantContainerfile(
  settings: DemoSettings,
  kind: 'b' | 'c',
  from: string,
): Promise<string> {
  if (kind === 'b') return `FROM ${from}\nLABEL org.shipyard.demo.release="b"\n`;
  const argv = ['env', 'SHUTDOWN_TIMEOUT_MS=oops', ...(await startCommand(settings, from))];
  return `FROM ${from}\nLABEL org.shipyard.demo.release="c"\nENTRYPOINT []\nCMD ${JSON.stringify(argv)}\n`;
}

/** Builds an e2e variant with the configured build command and pushes it. */
export async function buildVariant(
  settings: DemoSettings,
  kind: 'b' | 'c',
  from: string,
  tag: string,
): Promise<string> {
  const dir = path.join(settings.dir, 'e2e', kind);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'Containerfile');
  await writeFile(file, await variantContainerfile(settings, kind, from));
  const localRef = `localhost/${settings.prefix}e2e:${tag}`;
  const [cmd, ...args] = settings.containerBuild;
  if (!cmd) throw new DeployError('CONTAINER_BUILD is empty');
  // buildah/podman write OCI images by default, which drop HEALTHCHECK; keep Docker's format
  // like `make image` does, so B and C differ from A only where intended.
  const format = ['buildah', 'podman'].includes(path.basename(cmd)) ? ['--format', 'docker'] : [];
  const build = await execa(cmd, [...args, ...format, '-t', localRef, '-f', file, dir], {
    reject: false,
    all: true,
  });
  if (build.exitCode !== 0) {
    throw new DeployError(
      `building the e2e image ${kind.toUpperCase()} failed`,
      build.all?.split('\n').slice(-5).join('\n'),
    );
  }
  return pushAs(settings, localRef, tag);
}
