import type { Command } from 'commander';
import { cliContext } from '../orchestration/context';
import { synthesize } from '../orchestration/synth';
import { liveOutOption, tfvarsOption, withExamples } from './options';

export function registerSynth(program: Command): void {
  const command = program
    .command('synth')
    .summary('synthesize the shared, staging and production stacks (no AWS needed)')
    .description(
      'Write each stack as Terraform JSON to <out>/stacks/<name>/cdk.tf.json. The backend (state_bucket, ' +
        'region, project) is read from terraform.tfvars; nothing else needs it. plan, apply, destroy and ' +
        'outputs synthesize by themselves.',
    )
    .addOption(liveOutOption())
    .addOption(tfvarsOption())
    .action(async (o: { out: string; tfvars: string }) => {
      const { steps } = cliContext();
      await steps.run('Synthesizing the shared, staging and production stacks', async () => {
        synthesize({ outDir: o.out, tfvars: o.tfvars });
      });
      steps.line(`Synthesized to ${o.out}/stacks`);
    });
  withExamples(command, ['infra synth', 'infra synth --out /tmp/shipyard-synth']);
}
