import type { Command } from 'commander';
import { parseEnvironment } from '../environments.js';
import { runPlaybookCommand } from '../run.js';
import { addRunOptions, addSerialOption, type CommonOptions, parseSerial, runOptions } from './options.js';

export function registerRollback(program: Command): void {
  const command = program
    .command('rollback')
    .summary('put every host back on its previous image, rolling like a release (rollback.yml)')
    .description(
      'Run ansible/rollback.yml: each host swaps to the image recorded as previous on that host (kept locally, ' +
        'so no registry is needed), gated on /health and the load balancer exactly like a release. A second ' +
        'rollback undoes the first.',
    );
  addSerialOption(addRunOptions(command)).action(async (options: CommonOptions) => {
    const env = parseEnvironment(options.env);
    const serial = parseSerial(options.serial);
    await runPlaybookCommand({
      command: 'rollback',
      playbook: 'rollback.yml',
      title: `Roll back ${env}`,
      env,
      extraVars: serial ? { deploy_serial: serial } : {},
      options: runOptions(options),
    });
  });
}
