import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import type { Environment } from '@shipyard/contracts';
import { runPlaybookQuietly } from './ansible.js';
import { isStale, type LockHolder, type LockState, lockRefusal, me, pidAlive } from './lock.js';
import { ansibleDir } from './paths.js';
import { playbookArgs } from './playbook.js';
import type { Workdir } from './target.js';

export type LockAction = 'acquire' | 'release' | 'status';

/** The extra vars of one ansible/lock.yml run. Pure. */
export function lockVars(
  env: Environment,
  action: LockAction,
  resultFile: string,
  extra: { holder?: LockHolder; expectId?: string } = {},
): Record<string, unknown> {
  return {
    deploy_env: env,
    deploy_lock_action: action,
    deploy_lock_result_file: resultFile,
    ...(extra.holder ? { deploy_lock_holder: extra.holder } : {}),
    ...(extra.expectId ? { deploy_lock_expect_id: extra.expectId } : {}),
  };
}

/**
 * The environment's deploy lock, kept on its first host through ansible/lock.yml (never with
 * --limit: every deployer must meet the same host).
 */
export class DeployLock {
  private runs = 0;

  constructor(
    private readonly env: Environment,
    private readonly inventory: string,
    private readonly workdir: Workdir,
  ) {}

  private async run(action: LockAction, extra: { holder?: LockHolder; expectId?: string } = {}) {
    this.runs += 1;
    const resultFile = join(this.workdir.path, `lock-${action}-${this.runs}.json`);
    const extraVarsFile = await this.workdir.write(
      `lock-${action}-${this.runs}.vars.json`,
      JSON.stringify(lockVars(this.env, action, resultFile, extra)),
    );
    await runPlaybookQuietly(
      playbookArgs({ playbook: join(ansibleDir, 'lock.yml'), inventory: this.inventory, extraVarsFile }),
      ansibleDir,
      `the deploy lock of ${this.env} (${action})`,
    );
    try {
      return JSON.parse(await readFile(resultFile, 'utf8')) as Record<string, unknown>;
    } catch {
      throw new ShipyardError(
        `the deploy lock of ${this.env} (${action}) gave no answer`,
        'Run `deploy lock status` with -v to see why.',
      );
    }
  }

  /** Takes the lock, or refuses with one line naming the holder. Takes over a stale lock once. */
  async acquire(holder: LockHolder, note: (line: string) => void = () => {}): Promise<void> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const result = (await this.run('acquire', { holder })) as {
        acquired: boolean;
        holder: Partial<LockHolder>;
      };
      if (result.acquired) return;
      if (attempt === 0 && isStale(result.holder, me(), pidAlive) && result.holder.id) {
        note(
          `note: the lock of ${this.env} was left by pid ${result.holder.pid}, which is gone; taking it over.`,
        );
        await this.run('release', { expectId: result.holder.id });
        continue;
      }
      throw lockRefusal(this.env, result.holder);
    }
  }

  /** Frees the lock if it is still `id`'s (or whoever's, without an id). */
  async release(id?: string): Promise<{ released: boolean; held: boolean; holder: Partial<LockHolder> }> {
    return (await this.run('release', id ? { expectId: id } : {})) as {
      released: boolean;
      held: boolean;
      holder: Partial<LockHolder>;
    };
  }

  async status(): Promise<LockState> {
    return (await this.run('status')) as unknown as LockState;
  }
}
