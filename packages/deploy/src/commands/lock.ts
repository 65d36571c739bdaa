import type { Command } from 'commander';
import { ensureAnsible } from '../ansible.js';
import { describeHolder } from '../lock.js';
import { DeployLock } from '../lock-store.js';
import { formatLock } from '../status.js';
import { resolveInventory, Workdir } from '../target.js';
import { addTargetOptions, type CommonOptions, examples } from './options.js';

async function withLock<T>(options: CommonOptions, use: (lock: DeployLock) => Promise<T>): Promise<T> {
  const workdir = await Workdir.create();
  try {
    const target = await resolveInventory(options, options.env, workdir);
    await ensureAnsible();
    return await use(new DeployLock(options.env, target.file, workdir));
  } finally {
    await workdir.remove();
  }
}

export function registerLock(program: Command): void {
  const lock = program
    .command('lock')
    .summary("show or free an environment's deploy lock (kept on its first host)")
    .description(
      'The deploy lock of an environment is a directory on its first host (under the app state directory), ' +
        'made with an atomic mkdir by every rollout, rollback, reconcile and provision, so deployers from any ' +
        'checkout or machine see each other. It records who holds it, since when, and for which command and image.',
    );
  examples(addTargetOptions(lock.command('status')), ['deploy lock status --env staging'])
    .description('show who holds the deploy lock, since when, and for what')
    .option('--json', 'print the lock as JSON')
    .action(async (options: CommonOptions & { json?: boolean }) => {
      const state = await withLock(options, (l) => l.status());
      process.stdout.write(`${options.json ? JSON.stringify(state) : formatLock(options.env, state)}\n`);
    });
  examples(addTargetOptions(lock.command('release')), ['deploy lock release --env staging'])
    .description('free the deploy lock, whoever holds it (for a deploy that is gone for good)')
    .action(async (options: CommonOptions) => {
      const result = await withLock(options, (l) => l.release());
      process.stdout.write(
        result.held
          ? `${options.env}: released the lock held by ${describeHolder(result.holder)}\n`
          : `${options.env}: the lock was not held\n`,
      );
    });
}
