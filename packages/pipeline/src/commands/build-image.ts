import { ShipyardError } from '@shipyard/cli-kit';
import type { Command } from 'commander';
import { execa } from 'execa';
import { containerSettings, imageBuildArgs } from '../containers.js';
import { repoRoot, serviceDockerfile } from '../paths.js';
import { examples } from './options.js';

/** `make image`: the service image, built the one way every stage and the demo build it. */
export function buildImageCommand(program: Command): void {
  const command = program
    .command('build-image')
    .description(
      `build the service image from ${serviceDockerfile} (CONTAINER_BUILD, NODE_IMAGE from the environment)`,
    );
  examples(command, [
    'pipeline build-image --name shipyard/service --tag dev',
    'CONTAINER_BUILD="buildah bud" pipeline build-image --name shipyard/service --tag dev --app-version 1.2.3',
  ])
    .requiredOption('--name <name>', 'image name, e.g. shipyard/service')
    .requiredOption('--tag <tag>', 'image tag, e.g. dev')
    .option('--app-version <version>', 'version the service reports (APP_VERSION)')
    .action(async (opts: { name: string; tag: string; appVersion?: string }) => {
      const [command = 'docker', ...args] = imageBuildArgs(containerSettings(), {
        name: opts.name,
        tag: opts.tag,
        appVersion: opts.appVersion,
        dockerfile: serviceDockerfile,
      });
      process.stderr.write(`running: ${[command, ...args].join(' ')}\n`);
      const result = await execa(command, args, { cwd: repoRoot, stdio: 'inherit', reject: false });
      if (result.exitCode !== 0) {
        throw new ShipyardError(
          `the image build failed (${command} exited ${result.exitCode ?? result.signal})`,
          result.code === 'ENOENT'
            ? `${command} is not installed: install Docker, or set CONTAINER_BUILD (e.g. "podman build")`
            : 'Its output is above.',
        );
      }
    });
}
