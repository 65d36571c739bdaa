import * as fs from 'node:fs';
import * as path from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import { type Command, Option } from 'commander';
import { describeBackend, GENERATED_BY, stackReadme } from '../hcl/readme';
import { type Context, cliContext } from '../orchestration/context';
import { STACKS, stackDir } from '../orchestration/stacks';
import { synthesize } from '../orchestration/synth';
import { defaults } from '../paths';
import { fmtArgs } from '../terraform/args';
import { tfvarsOption, withExamples } from './options';

export interface HclOptions {
  /** The folder to keep: the stacks land in `<dir>/stacks/<name>/cdk.tf`. */
  readonly dir: string;
  readonly tfvars: string;
}

/**
 * `infra hcl`: the three stacks as plain Terraform HCL (formatted by terraform fmt), one folder
 * each with a README, and without cdktf's own metadata, so the folder stands on its own.
 */
export async function writeHcl(ctx: Context, o: HclOptions, env: NodeJS.ProcessEnv): Promise<void> {
  const settings = await ctx.steps.run('Writing the stacks as Terraform HCL', async () =>
    synthesize({ outDir: o.dir, tfvars: o.tfvars, hcl: true }, env),
  );
  fs.rmSync(path.join(o.dir, 'manifest.json'), { force: true });
  for (const stack of STACKS) {
    const dir = stackDir(o.dir, stack);
    fs.rmSync(path.join(dir, 'metadata.json'), { force: true });
    const hcl = path.join(dir, 'cdk.tf');
    fs.writeFileSync(hcl, `# ${GENERATED_BY}\n${fs.readFileSync(hcl, 'utf8')}`);
    // cdktf writes HCL without indentation; terraform fmt gives it the layout people read.
    const formatted = await ctx.terraform.capture(fmtArgs(dir));
    if (formatted.exitCode !== 0) {
      throw new ShipyardError(`terraform fmt failed on ${hcl}: ${formatted.output.trim()}`);
    }
    const statePath = settings.preview
      ? path.join(o.dir, 'state', `${stack}.tfstate`)
      : path.join(settings.localStateDir, `${stack}.tfstate`);
    const backend = describeBackend(settings, stack, path.relative(dir, statePath));
    fs.writeFileSync(
      path.join(dir, 'README.md'),
      stackReadme(stack, { backend, tfvars: path.relative(dir, o.tfvars) }),
    );
  }
  ctx.steps.line(`Wrote ${STACKS.map((s) => path.join(o.dir, 'stacks', s, 'cdk.tf')).join(', ')}`);
}

export function registerHcl(program: Command): void {
  const command = program
    .command('hcl')
    .summary('write the stacks as plain Terraform HCL into a folder you can keep')
    .description(
      'Eject from CDKTF: write each stack as plain Terraform (cdktf 0.21 HCL output) to ' +
        '<dir>/stacks/<name>/cdk.tf, with a README.md saying how it was made and how to run it. The backend ' +
        '(local state or your state bucket) is the one make apply uses.',
    )
    .addOption(
      new Option('--dir <dir>', 'the folder to write (HCL_DIR= with make)')
        .default(defaults.hcl, 'infra-hcl at the repository root')
        .argParser((v) => path.resolve(v)),
    )
    .addOption(tfvarsOption())
    .action(async (o: HclOptions) => {
      await writeHcl(cliContext(), o, process.env);
    });
  withExamples(command, ['infra hcl', 'infra hcl --dir ../shipyard-terraform']);
}
