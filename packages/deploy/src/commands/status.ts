import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ensureAnsible, runPlaybookQuietly } from '../ansible.js';
import { ansibleDir } from '../paths.js';
import { playbookArgs } from '../playbook.js';
import { type EnvironmentStatus, formatStatus } from '../status.js';
import { resolveInventory, Workdir } from '../target.js';
import { addTargetOptions, type CommonOptions, examples } from './options.js';

export function registerStatus(program: Command): void {
  const command = program
    .command('status')
    .summary('show every host: its image, the load balancer, its health, and the deploy lock')
    .description(
      'Run ansible/status.yml (reads only): for each host of the environment the image its container runs, what ' +
        'its load balancer says about it, the answer of its health endpoint, and who holds the deploy lock.',
    );
  examples(addTargetOptions(command), [
    'deploy status --env staging',
    'deploy status --env production --json',
  ])
    .option('--json', 'print the status as JSON')
    .action(async (options: CommonOptions & { json?: boolean }) => {
      const workdir = await Workdir.create();
      try {
        const target = await resolveInventory(options, options.env, workdir);
        await ensureAnsible();
        const statusFile = join(workdir.path, 'status.json');
        const extraVarsFile = await workdir.write(
          'status.vars.json',
          JSON.stringify({ deploy_env: options.env, deploy_status_file: statusFile }),
        );
        await runPlaybookQuietly(
          playbookArgs({ playbook: join(ansibleDir, 'status.yml'), inventory: target.file, extraVarsFile }),
          ansibleDir,
          `the status of ${options.env}`,
        );
        const status = JSON.parse(await readFile(statusFile, 'utf8')) as EnvironmentStatus;
        process.stdout.write(
          `${options.json ? JSON.stringify(status, null, 2) : formatStatus(options.env, status)}\n`,
        );
      } finally {
        await workdir.remove();
      }
    });
}
