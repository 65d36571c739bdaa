import * as fs from 'node:fs';
import * as path from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import { type Command, Option } from 'commander';
import { type Context, cliContext } from '../orchestration/context';
import { preflight } from '../orchestration/preflight';
import { initStack, STACKS, type StackName, stackDir } from '../orchestration/stacks';
import { synthesize } from '../orchestration/synth';
import { mergeOutputs, type StackOutputs, type TerraformOutputJson } from '../outputs/merge';
import { defaults } from '../paths';
import { outputJsonArgs } from '../terraform/args';
import { liveOutOption, tfvarsOption, withExamples } from './options';

export interface OutputsOptions {
  readonly tfvars: string;
  readonly out: string;
  /** outputs.json, the input of every deploy. */
  readonly outputs: string;
}

async function stackOutputs(ctx: Context, o: OutputsOptions, stack: StackName): Promise<TerraformOutputJson> {
  await initStack(ctx, o.out, stack);
  const r = await ctx.terraform.capture(outputJsonArgs(stackDir(o.out, stack)));
  if (r.exitCode !== 0) {
    throw new ShipyardError(`could not read the ${stack} stack's outputs: ${r.output.trim()}`);
  }
  return JSON.parse(r.stdout) as TerraformOutputJson;
}

/** `infra outputs`: every stack's `terraform output -json`, merged and validated into outputs.json. */
export async function writeOutputs(ctx: Context, o: OutputsOptions, env: NodeJS.ProcessEnv): Promise<void> {
  ctx.steps.line(preflight(o.tfvars, env));
  await ctx.steps.run('Synthesizing the shared, staging and production stacks', async () => {
    synthesize({ outDir: o.out, tfvars: o.tfvars }, env);
  });
  const outputs = await ctx.steps.run("Reading every stack's outputs", async () => {
    const read: Partial<Record<StackName, TerraformOutputJson>> = {};
    for (const stack of STACKS) read[stack] = await stackOutputs(ctx, o, stack);
    return read as StackOutputs;
  });
  // Validated by the contract's schema before anything is written.
  const merged = mergeOutputs(outputs);
  fs.mkdirSync(path.dirname(o.outputs), { recursive: true });
  fs.writeFileSync(o.outputs, `${JSON.stringify(merged, null, 2)}\n`);
  ctx.steps.line(`Wrote ${o.outputs}`);
}

export function registerOutputs(program: Command): void {
  const command = program
    .command('outputs')
    .summary('write outputs.json (the deploy contract) from every stack')
    .description(
      "Merge the shared, staging and production stacks' terraform outputs into outputs.json, validated by " +
        'the outputs schema of @shipyard/contracts (docs/contracts.md), which the deploy tool reads.',
    )
    .addOption(
      new Option('--outputs <file>', 'where to write it (OUTPUTS_FILE= with make)')
        .default(defaults.outputs, 'outputs.json at the repository root')
        .argParser((v) => path.resolve(v)),
    )
    .addOption(tfvarsOption())
    .addOption(liveOutOption())
    .action(async (o: OutputsOptions) => {
      await writeOutputs(cliContext(), o, process.env);
    });
  withExamples(command, ['infra outputs', 'infra outputs --outputs /tmp/outputs.json']);
}
