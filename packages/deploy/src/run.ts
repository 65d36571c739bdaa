import { join } from 'node:path';
import { formatDuration, ShipyardError, Steps } from '@shipyard/cli-kit';
import type { Environment } from '@shipyard/contracts';
import { ensureAnsible, runPlaybook } from './ansible.js';
import { acquireDeployLock } from './lock.js';
import { ansibleDir, lockDir } from './paths.js';
import { playbookArgs } from './playbook.js';
import { parseRecap, summarize } from './recap.js';
import { resolveInventory, type TargetOptions, Workdir } from './target.js';
import { Recording, type RecordOptions } from './timeline/recording.js';

export interface RunOptions extends TargetOptions {
  limit?: string | undefined;
  check?: boolean | undefined;
  diff?: boolean | undefined;
  verbose?: number | undefined;
}

export interface PlaybookRun {
  /** Command name, for the lock holder and messages. */
  command: string;
  /** File name under ansible/. */
  playbook: string;
  /** What the run does, for the step header ("Release … to staging"). */
  title: string;
  env: Environment;
  extraVars: Record<string, unknown>;
  options: RunOptions;
  /** --timeline / --events: what to record while the playbook runs. */
  record?: RecordOptions;
}

/**
 * The timeline is written whatever the outcome. When the run failed, its error is what matters:
 * a timeline that could not be drawn is then only a warning.
 */
async function writeTimelineStep(recording: Recording, run: PlaybookRun, exitCode: number, steps: Steps) {
  try {
    const line = await steps.run(`Write the timeline ${recording.timeline}`, () =>
      recording.write(run.title, run.env, exitCode),
    );
    if (line) steps.line(`    ${line}`);
  } catch (error) {
    if (exitCode === 0) throw error;
    steps.line(`warning: the timeline was not written: ${(error as Error).message}`);
  }
}

/**
 * The shape every playbook command shares: inventory, Ansible present, lock, run, summary.
 * Every check that can refuse the run comes before anything touches a host.
 */
export async function runPlaybookCommand(run: PlaybookRun, steps = new Steps()): Promise<void> {
  const workdir = await Workdir.create();
  try {
    const { options, env } = run;
    // Pre-flight: every refusal happens here, silently but for its one error line.
    const fromOutputs = options.inventory ? undefined : await resolveInventory(options, env, workdir);
    const ansible = await ensureAnsible();
    const target = fromOutputs ?? (await resolveInventory(options, env, workdir));
    const recording = run.record ? await Recording.prepare(run.record, workdir) : undefined;
    const release = await acquireDeployLock(lockDir, env, run.command);
    try {
      steps.line(`${env}: ${target.hosts.length} host(s): ${target.hosts.join(', ')}; ${ansible}`);
      const extraVarsFile = await workdir.write(
        'extra-vars.json',
        JSON.stringify({ deploy_env: env, ...run.extraVars, ...recording?.extraVars }, null, 2),
      );
      const args = playbookArgs({
        playbook: join(ansibleDir, run.playbook),
        inventory: target.file,
        extraVarsFile,
        limit: options.limit,
        check: options.check,
        diff: options.diff,
        verbosity: options.verbose,
      });
      const dry = options.check ? ' (check mode: nothing changes)' : '';
      if (recording?.timeline) {
        await steps.run('Find where to sample each host for the timeline', () =>
          recording.describe({
            inventory: target.file,
            env,
            limit: options.limit,
            hosts: target.hosts,
            workdir,
          }),
        );
      }
      const play = () => runPlaybook(args, ansibleDir);
      const result = await steps.run(`${run.title}${dry}`, () =>
        recording ? recording.during(play) : play(),
      );
      if (recording?.timeline) await writeTimelineStep(recording, run, result.exitCode, steps);
      const summary = summarize(parseRecap(result.output));
      steps.line(
        `\nSummary: ${summary.hosts} host(s): ${summary.ok} ok, ${summary.changed} changed, ` +
          `${summary.failed} failed, ${summary.unreachable} unreachable. Finished all in ${formatDuration(steps.elapsed())}.`,
      );
      if (result.exitCode !== 0) {
        throw new ShipyardError(
          `${run.command} on ${env} failed (ansible-playbook exit code ${result.exitCode})`,
          'The failing task and its message are above the summary.',
        );
      }
    } finally {
      await release();
    }
  } finally {
    await workdir.remove();
  }
}
