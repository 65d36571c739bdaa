import { DEFAULT_PROJECT } from '@shipyard/contracts';
import type { Command } from 'commander';
import { tfvarsString } from '../config/settings';
import { deployerPolicy } from '../iam/deployer-policy';
import { readTfvars } from '../orchestration/preflight';
import { tfvarsOption, withExamples } from './options';

export function registerIamPolicy(program: Command): void {
  const command = program
    .command('iam-policy')
    .summary('print the IAM policy the identity running make apply and make jenkins-secrets needs')
    .description(
      'Print, as JSON, the identity policy for whoever runs `make plan`/`apply`/`destroy` and `make jenkins-secrets`, ' +
        'scoped to the project and state bucket of terraform.tfvars: one statement per service, derived from the ' +
        'resource types the stacks hold (src/iam/deployer-policy.ts). Attach it with `aws iam create-policy`.',
    )
    .addOption(tfvarsOption())
    .action((o: { tfvars: string }) => {
      const tfvars = readTfvars(o.tfvars);
      const policy = deployerPolicy({
        project: tfvarsString(tfvars, 'project') ?? DEFAULT_PROJECT,
        stateBucket: tfvarsString(tfvars, 'state_bucket') || undefined,
      });
      process.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
    });
  withExamples(command, [
    'infra iam-policy > deployer-policy.json',
    'aws iam create-policy --policy-name shipyard-deployer --policy-document file://deployer-policy.json',
  ]);
}
