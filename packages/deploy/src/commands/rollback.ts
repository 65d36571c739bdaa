import { type Command, Option } from 'commander';
import { runPlaybookCommand } from '../run.js';
import {
  addRecordOptions,
  addRunOptions,
  addSerialOption,
  type CommonOptions,
  examples,
  type RecordFlags,
  runOptions,
} from './options.js';
import { imageArgument } from './rollout.js';

export function registerRollback(program: Command): void {
  const command = program
    .command('rollback')
    .summary('bring the whole environment to one image: its previous one, or --to (rollback.yml)')
    .description(
      "Run ansible/rollback.yml under the deploy lock: every host goes to one image, the environment's previous " +
        'image (the one most hosts record as previous) or the one named by --to, rolling and gated on /health and ' +
        'the load balancer like a roll-out, without a bake. Hosts already on it are skipped. A second rollback ' +
        'undoes the first.',
    );
  examples(addRecordOptions(addSerialOption(addRunOptions(command))), [
    'deploy rollback --env staging',
    'deploy rollback --env production --to <registry>/shipyard-service:1.4.0',
    'deploy rollback --env staging --timeline rollback.svg',
  ])
    .addOption(
      new Option(
        '--to <ref>',
        "the image to bring every host to (default: the environment's previous image)",
      ).argParser(imageArgument),
    )
    .action(async (options: CommonOptions & RecordFlags & { to?: string }) => {
      await runPlaybookCommand({
        command: 'rollback',
        playbook: 'rollback.yml',
        title: options.to
          ? `Roll ${options.env} back to ${options.to}`
          : `Roll ${options.env} back to its previous image`,
        env: options.env,
        image: options.to,
        extraVars: {
          ...(options.to ? { deploy_rollback_to: options.to } : {}),
          ...(options.serial ? { deploy_serial: options.serial } : {}),
        },
        options: runOptions(options),
        record: { timeline: options.timeline, events: options.events },
      });
    });
}
