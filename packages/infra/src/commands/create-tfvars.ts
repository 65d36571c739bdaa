import * as fs from 'node:fs';
import { ShipyardError } from '@shipyard/cli-kit';
import type { Command } from 'commander';
import { defaults } from '../paths';
import { tfvarsOption, withExamples } from './options';

/** Copies the example; never overwrites the user's values. */
export function createTfvars(target: string, example: string = defaults.tfvarsExample): string {
  try {
    fs.copyFileSync(example, target, fs.constants.COPYFILE_EXCL);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new ShipyardError(
      `${target} already exists`,
      'Edit it, or move it away to start again from the example.',
    );
  }
  return `Wrote ${target}: set ssh_public_key (and admin_cidrs to reach Jenkins), then 'make plan'.`;
}

export function registerCreateTfvars(program: Command): void {
  const command = program
    .command('create-tfvars')
    .summary('copy terraform.tfvars.example to terraform.tfvars (never overwrites)')
    .description(
      'Start your Terraform variables from the example at the repository root. Refuses when the file ' +
        'exists, so your values are never lost.',
    )
    .addOption(tfvarsOption())
    .action((o: { tfvars: string }) => {
      process.stdout.write(`${createTfvars(o.tfvars)}\n`);
    });
  withExamples(command, ['infra create-tfvars', 'infra create-tfvars --tfvars staging-only.tfvars']);
}
