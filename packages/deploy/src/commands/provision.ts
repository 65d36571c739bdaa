import type { Command } from 'commander';
import { runPlaybookCommand } from '../run.js';
import { addRunOptions, type CommonOptions, examples, runOptions } from './options.js';

export function registerProvision(program: Command): void {
  const command = program
    .command('provision')
    .summary('install Docker and the ECR credential helper on every host (provision.yml)')
    .description(
      'Run ansible/provision.yml: install Docker on Amazon Linux 2023, enable it, add the login user to the ' +
        'docker group and route ECR pulls through the instance role (no docker login). Idempotent.',
    );
  examples(addRunOptions(command), [
    'deploy provision --env staging',
    'deploy provision --env production --check',
  ]).action(async (options: CommonOptions) => {
    await runPlaybookCommand({
      command: 'provision',
      playbook: 'provision.yml',
      title: `Provision ${options.env}`,
      env: options.env,
      extraVars: {},
      options: runOptions(options),
    });
  });
}
