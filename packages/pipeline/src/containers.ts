import { ShipyardError } from '@shipyard/cli-kit';

/**
 * The container tooling, from the same variables the Makefile documents: users get Docker and
 * the official Node image; CONTAINER_CLI=podman, CONTAINER_BUILD="buildah bud" etc. override.
 */
export interface ContainerSettings {
  /** docker, podman, or a path to either. @default docker */
  readonly cli: string;
  /** The image build command as argv. @default [cli, 'build'] */
  readonly build: readonly string[];
  /** Base image for the service image; undefined keeps the Dockerfile's default. */
  readonly nodeImage: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

export function containerSettings(env: Env = process.env): ContainerSettings {
  const cli = env.CONTAINER_CLI?.trim() || 'docker';
  const build = (env.CONTAINER_BUILD?.trim() || `${cli} build`).split(/\s+/);
  return { cli, build, nodeImage: env.NODE_IMAGE?.trim() || undefined };
}

/** The executable's name, without a path: `/usr/bin/buildah` is `buildah`. */
export const toolName = (command: string): string => command.slice(command.lastIndexOf('/') + 1);

export interface ImageBuild {
  readonly name: string;
  readonly tag: string;
  /** Baked into the image as APP_VERSION; undefined keeps the Dockerfile's default. */
  readonly appVersion?: string | undefined;
  /** Dockerfile, relative to the context. */
  readonly dockerfile: string;
  /** Build context. @default '.' */
  readonly context?: string;
}

/**
 * argv for building the service image. buildah and podman write OCI images by default, which
 * have no HEALTHCHECK, so they are asked for Docker's format.
 */
export function imageBuildArgs(settings: ContainerSettings, build: ImageBuild): string[] {
  const [command, ...rest] = settings.build;
  if (!command) throw new ShipyardError('CONTAINER_BUILD is empty', 'Set it to e.g. "docker build".');
  const tool = toolName(command);
  return [
    command,
    ...rest,
    ...(tool === 'buildah' || tool === 'podman' ? ['--format', 'docker'] : []),
    ...(settings.nodeImage ? ['--build-arg', `NODE_IMAGE=${settings.nodeImage}`] : []),
    ...(build.appVersion ? ['--build-arg', `APP_VERSION=${build.appVersion}`] : []),
    '-f',
    build.dockerfile,
    '-t',
    `${build.name}:${build.tag}`,
    build.context ?? '.',
  ];
}
