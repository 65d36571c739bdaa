import type { Command } from 'commander';
import { preflight } from '../orchestration/preflight';
import { tfvarsOption, withExamples } from './options';

export function registerCheckCredentials(program: Command): void {
  const command = program
    .command('check-credentials')
    .summary('check that terraform.tfvars exists and AWS credentials are in reach')
    .description(
      'The preflight that plan, apply, destroy and outputs run first: terraform.tfvars must exist, and a ' +
        'source of the standard AWS chain must be present (environment, profile, web identity, container or ' +
        'instance role, tfvars keys, the default profile). Presence only: AWS judges the credentials at plan time.',
    )
    .addOption(tfvarsOption())
    .action((o: { tfvars: string }) => {
      process.stdout.write(`${preflight(o.tfvars)}\n`);
    });
  withExamples(command, [
    'infra check-credentials',
    'AWS_PROFILE=ops infra check-credentials --tfvars prod.tfvars',
  ]);
}
