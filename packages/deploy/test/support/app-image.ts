import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** The container CLI the tests drive (docker unless CONTAINER_CLI says podman). */
export const containerCli = process.env.CONTAINER_CLI ?? 'docker';

const buildCommand = (process.env.CONTAINER_BUILD ?? `${containerCli} build`).split(/\s+/).filter(Boolean);
const imageSource = fileURLToPath(new URL('../fixtures/app-image/', import.meta.url));

/** What the stand-in app (fixtures/app-image/server.js) does, baked into its image.json. */
export interface AppBehaviour {
  readonly version: string;
  /** `false`: /health answers 503 for ever. */
  readonly healthy: boolean;
  /** `true`: the process exits 2 at start, as the service does on a bad setting. */
  readonly crash?: boolean;
  /** Share of requests to `/` answered 500 while /health stays 200 (0 to 1). */
  readonly errorShare?: number;
  /** /health answers 503 until the process has run this long. */
  readonly healthyAfterMs?: number;
  /** /health answers 503 on these hosts (the container's TEST_HOST_NAME). */
  readonly unhealthyOn?: readonly string[];
}

/**
 * Builds the stand-in app as `tag` in a fresh context under `workDir`, with CONTAINER_BUILD and
 * the NODE_IMAGE base when set. Each behaviour gets its own image.json, so images differ in
 * content (buildah's layer cache ignores build args).
 */
export async function buildAppImage(workDir: string, tag: string, behaviour: AppBehaviour): Promise<void> {
  const context = join(workDir, `image-${behaviour.version}`);
  await cp(imageSource, context, { recursive: true });
  await writeFile(
    join(context, 'image.json'),
    JSON.stringify({
      version: behaviour.version,
      healthy: behaviour.healthy,
      crash: behaviour.crash ?? false,
      errorShare: behaviour.errorShare ?? 0,
      healthyAfterMs: behaviour.healthyAfterMs ?? 0,
      unhealthyOn: behaviour.unhealthyOn ?? [],
    }),
  );
  const nodeImage = process.env.NODE_IMAGE ? ['--build-arg', `NODE_IMAGE=${process.env.NODE_IMAGE}`] : [];
  const [command = 'docker', ...args] = buildCommand;
  await execa(command, [...args, ...nodeImage, '-f', join(context, 'Containerfile'), '-t', tag, context]);
}
