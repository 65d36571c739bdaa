import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Environment } from '@shipyard/contracts';
import { execa } from 'execa';
import { effectiveInventoryPath } from './inventory.js';
import type { DemoSettings } from './settings.js';

export type DeployAction = { kind: 'rollout'; image: string } | { kind: 'rollback' };

/** argv for the same `deploy` CLI used against AWS, pointed at the local inventory. Pure. */
export function deployArgs(
  settings: DemoSettings,
  env: Environment,
  action: DeployAction,
  extra: readonly string[] = [],
): string[] {
  const cli = path.join(settings.root, 'packages', 'deploy', 'dist', 'cli.js');
  const common = ['--env', env, '--inventory', effectiveInventoryPath(settings), ...extra];
  return action.kind === 'rollout'
    ? [cli, 'rollout', ...common, '--image', action.image]
    : [cli, 'rollback', ...common];
}

export interface DeployOutcome {
  readonly exitCode: number;
  /** stdout and stderr interleaved, for asserting on the message. */
  readonly output: string;
  readonly durationMs: number;
}

/**
 * Runs the deploy CLI, streaming its output to the terminal and keeping a copy. With `prefix`,
 * each line is marked with the environment, so two deploys can run side by side readably.
 * `extra` goes on the command line as is (e.g. `--events <file>`).
 */
export async function runDeploy(
  settings: DemoSettings,
  env: Environment,
  action: DeployAction,
  prefix = false,
  extra: readonly string[] = [],
): Promise<DeployOutcome> {
  const started = Date.now();
  const child = execa(process.execPath, deployArgs(settings, env, action, extra), {
    cwd: settings.root,
    reject: false,
    all: true,
    env: { SHIPYARD_DEMO_DIR: settings.dir },
  });
  const lines: string[] = [];
  if (child.all) {
    for await (const line of createInterface({ input: child.all })) {
      lines.push(line);
      process.stdout.write(`${prefix ? `[${env}] ` : ''}${line}\n`);
    }
  }
  const result = await child;
  return { exitCode: result.exitCode ?? 1, output: lines.join('\n'), durationMs: Date.now() - started };
}
