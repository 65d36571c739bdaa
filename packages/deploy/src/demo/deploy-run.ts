import path from 'node:path';
import { execa } from 'execa';
import { effectiveInventoryPath } from './inventory.js';
import type { DemoSettings, EnvName } from './settings.js';

export type DeployAction = { kind: 'release'; image: string } | { kind: 'rollback' };

/** argv for the same `deploy` CLI used against AWS, pointed at the local inventory. Pure. */
export function deployArgs(settings: DemoSettings, env: EnvName, action: DeployAction): string[] {
  const cli = path.join(settings.root, 'packages', 'deploy', 'dist', 'cli.js');
  const common = ['--env', env, '--inventory', effectiveInventoryPath(settings)];
  return action.kind === 'release'
    ? [cli, 'release', ...common, '--image', action.image]
    : [cli, 'rollback', ...common];
}

export interface DeployOutcome {
  readonly exitCode: number;
  /** stdout and stderr interleaved, for asserting on the message. */
  readonly output: string;
  readonly durationMs: number;
}

/** Runs the deploy CLI, streaming its output to the terminal and keeping a copy. */
export async function runDeploy(
  settings: DemoSettings,
  env: EnvName,
  action: DeployAction,
): Promise<DeployOutcome> {
  const started = Date.now();
  const result = await execa(process.execPath, deployArgs(settings, env, action), {
    cwd: settings.root,
    reject: false,
    all: true,
    stdout: ['pipe', 'inherit'],
    stderr: ['pipe', 'inherit'],
    env: { SHIPYARD_DEMO_DIR: settings.dir },
  });
  return { exitCode: result.exitCode ?? 1, output: result.all ?? '', durationMs: Date.now() - started };
}
