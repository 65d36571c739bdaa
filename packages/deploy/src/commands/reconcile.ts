import type { Command } from 'commander';
import { runPlaybookCommand } from '../run.js';
import {
  addRecordOptions,
  addTargetOptions,
  type CommonOptions,
  examples,
  type RecordFlags,
  runOptions,
} from './options.js';

export function registerReconcile(program: Command): void {
  const command = program
    .command('reconcile')
    .summary('put every host back into service after an interrupted deploy (reconcile.yml)')
    .description(
      'Run ansible/reconcile.yml under the deploy lock: a host whose container is healthy rejoins its load ' +
        'balancer; otherwise its recorded current image, then its previous one, is started until one is healthy. ' +
        'Jenkins runs this when a build is aborted. A lock left by a deploy killed on this machine is taken over.',
    );
  examples(addRecordOptions(addTargetOptions(command)), [
    'deploy reconcile --env staging',
    'deploy reconcile --env production --address private',
  ])
    .option('-v, --verbose', 'more Ansible output (repeat up to -vvvv)', (_: string, n: number) => n + 1, 0)
    .action(async (options: CommonOptions & RecordFlags) => {
      await runPlaybookCommand({
        command: 'reconcile',
        playbook: 'reconcile.yml',
        title: `Put every host of ${options.env} back into service`,
        env: options.env,
        extraVars: {},
        options: runOptions(options),
        record: { timeline: options.timeline, events: options.events },
      });
    });
}
