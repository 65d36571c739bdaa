import type { Command } from 'commander';
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

export function registerRollback(program: Command): void {
  const command = program
    .command('rollback')
    .summary('put every host back on its previous image, rolling like a roll-out (rollback.yml)')
    .description(
      'Run ansible/rollback.yml: each host swaps to the image recorded as previous on that host (kept locally, ' +
        'so no registry is needed), gated on /health and the load balancer exactly like a roll-out. A second ' +
        'rollback undoes the first.',
    );
  examples(addRecordOptions(addSerialOption(addRunOptions(command))), [
    'deploy rollback --env staging',
    'deploy rollback --env staging --timeline rollback.svg',
  ]).action(async (options: CommonOptions & RecordFlags) => {
    await runPlaybookCommand({
      command: 'rollback',
      playbook: 'rollback.yml',
      title: `Roll back ${options.env}`,
      env: options.env,
      extraVars: options.serial ? { deploy_serial: options.serial } : {},
      options: runOptions(options),
      record: { timeline: options.timeline, events: options.events },
    });
  });
}
