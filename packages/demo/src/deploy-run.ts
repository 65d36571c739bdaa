import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Environment } from '@shipyard/contracts';
import { execa } from 'execa';
import { effectiveInventoryPath } from './inventory.js';
import type { DemoSettings } from './settings.js';

export type DeployAction = { kind: 'rollout'; image: string } | { kind: 'rollback' };

export interface DeployRunOptions {
  /** Mark each output line with the environment, so two deploys can run side by side readably. */
  readonly prefix?: boolean;
  /** `--events <file>`: one JSON line per host phase change (docs/contracts.md §6). */
  readonly events?: string;
  /** Another checkout's `deploy` CLI (dist/cli.js) instead of this one's. */
  readonly cli?: string;
}

/** argv for the same `deploy` CLI used against AWS, pointed at the local inventory. Pure. */
export function deployArgs(
  settings: DemoSettings,
  env: Environment,
  action: DeployAction,
  options: Pick<DeployRunOptions, 'events' | 'cli'> = {},
): string[] {
  const cli = options.cli ?? path.join(settings.root, 'packages', 'deploy', 'dist', 'cli.js');
  const common = ['--env', env, '--inventory', effectiveInventoryPath(settings)];
  const events = options.events ? ['--events', options.events] : [];
  return action.kind === 'rollout'
    ? [cli, 'rollout', ...common, '--image', action.image, ...events]
    : [cli, 'rollback', ...common, ...events];
}

export interface DeployOutcome {
  readonly exitCode: number;
  /** stdout and stderr interleaved, for asserting on the message. */
  readonly output: string;
  readonly durationMs: number;
}

export interface RunningDeploy {
  /** The deploy CLI's own pid: signals sent here reach it alone, as `kill` would. */
  readonly pid: number;
  readonly done: Promise<DeployOutcome>;
}

/** Starts the deploy CLI, streaming its output to the terminal and keeping a copy. */
export function startDeploy(
  settings: DemoSettings,
  env: Environment,
  action: DeployAction,
  options: DeployRunOptions = {},
): RunningDeploy {
  const started = Date.now();
  const child = execa(process.execPath, deployArgs(settings, env, action, options), {
    cwd: options.cli ? path.resolve(path.dirname(options.cli), '..', '..', '..') : settings.root,
    reject: false,
    all: true,
    env: { SHIPYARD_DEMO_DIR: settings.dir },
  });
  const done = (async () => {
    const lines: string[] = [];
    if (child.all) {
      for await (const line of createInterface({ input: child.all })) {
        lines.push(line);
        process.stdout.write(`${options.prefix ? `[${env}] ` : ''}${line}\n`);
      }
    }
    const result = await child;
    return { exitCode: result.exitCode ?? 1, output: lines.join('\n'), durationMs: Date.now() - started };
  })();
  return { pid: child.pid as number, done };
}

/** Runs the deploy CLI to the end. */
export function runDeploy(
  settings: DemoSettings,
  env: Environment,
  action: DeployAction,
  options: DeployRunOptions = {},
): Promise<DeployOutcome> {
  return startDeploy(settings, env, action, options).done;
}
