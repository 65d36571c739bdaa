import type { Command } from 'commander';
import { parseEnvironment } from '../environments.js';
import { runPlaybookCommand } from '../run.js';
import { addRunOptions, type CommonOptions, runOptions } from './options.js';

export function registerProvision(program: Command): void {
  const command = program
    .command('provision')
    .summary('install Docker and the ECR credential helper on every host (provision.yml)')
    .description(
      'Run ansible/provision.yml: install Docker on Amazon Linux 2023, enable it, add the login user to the ' +
        'docker group and route ECR pulls through the instance role (no docker login). Idempotent.',
    );
  addRunOptions(command).action(async (options: CommonOptions) => {
    const env = parseEnvironment(options.env);
    await runPlaybookCommand({
      command: 'provision',
      playbook: 'provision.yml',
      title: `Provision ${env}`,
      env,
      extraVars: {},
      options: runOptions(options),
    });
  });
}
