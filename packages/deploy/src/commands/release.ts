import type { Command } from 'commander';
import { parseEnvironment } from '../environments.js';
import { DeployError } from '../errors.js';
import { parseImageRef } from '../image.js';
import { runPlaybookCommand } from '../run.js';
import { addRunOptions, addSerialOption, type CommonOptions, parseSerial, runOptions } from './options.js';

export function registerRelease(program: Command): void {
  const command = program
    .command('release')
    .summary('roll an image out to an environment, one host at a time (deploy.yml)')
    .description(
      'Run ansible/deploy.yml: for each batch of hosts (--serial, default 1) take the host out of its load ' +
        'balancer, pull and start the image, wait for /health and the load balancer to count it healthy, then ' +
        'move on. A host that fails is put back on its previous image and the roll-out stops with a non-zero exit.',
    );
  addSerialOption(addRunOptions(command))
    .option(
      '--image <ref>',
      'image to release: registry/repository:tag or registry/repository@sha256:<digest>',
    )
    .action(async (options: CommonOptions & { image?: string }) => {
      const env = parseEnvironment(options.env);
      if (!options.image) throw new DeployError('missing --image', 'Pass --image registry/repository:tag.');
      parseImageRef(options.image);
      const serial = parseSerial(options.serial);
      await runPlaybookCommand({
        command: 'release',
        playbook: 'deploy.yml',
        title: `Release ${options.image} to ${env}`,
        env,
        extraVars: { app_image: options.image, ...(serial ? { deploy_serial: serial } : {}) },
        options: runOptions(options),
      });
    });
}
