import { ShipyardError, withExamples } from '@shipyard/cli-kit';
import type { Command } from 'commander';
import { containerSettings } from '../containers.js';
import { engineSocket, missingToolsLine, pingEngine, requiredTools } from '../doctor.js';
import { isOnPath } from '../run-stages.js';

/** `make doctor`, the first step of `make test`: the tools and the engine, in one line if anything is missing. */
export function doctorCommand(program: Command): void {
  withExamples(program.command('doctor'), [
    'pipeline doctor',
    'CONTAINER_CLI=podman CONTAINER_BUILD="buildah bud" pipeline doctor',
  ])
    .description(
      'check the tools and the container engine `make test` needs; one line naming what is missing',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ pipeline doctor\n  $ CONTAINER_CLI=podman CONTAINER_BUILD="buildah bud" pipeline doctor\n',
    )
    .action(async () => {
      const containers = containerSettings();
      const tools = requiredTools(containers);
      const found = await Promise.all(tools.map((t) => isOnPath(t.command)));
      const missing = missingToolsLine(tools.filter((_, i) => !found[i]));
      if (missing) throw new ShipyardError(missing, undefined, 2);
      const engine = engineSocket(process.env.DOCKER_HOST);
      const problem = engine.socket
        ? await pingEngine(engine.socket)
        : 'only unix:// sockets are supported by the tests';
      if (problem) {
        throw new ShipyardError(
          `make test needs a container engine, and none answers at ${engine.url} (${problem})`,
          'Start Docker, or run `podman system service` and export DOCKER_HOST=unix://<its socket>; then run make test again',
          2,
        );
      }
      process.stdout.write(
        `doctor: every tool make test needs is installed (${tools.map((t) => t.command).join(', ')}), and the engine at ${engine.url} answers.\n`,
      );
    });
}
