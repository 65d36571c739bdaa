import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatDuration, ShipyardError, Steps } from '@shipyard/cli-kit';
import type { Environment } from '@shipyard/contracts';
import { ensureAnsible, runPlaybook } from './ansible.js';
import { Interrupt, SIGNAL_EXIT_CODES, type SignalSource } from './interrupt.js';
import { newHolder } from './lock.js';
import { DeployLock } from './lock-store.js';
import { ansibleDir } from './paths.js';
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
  /** The image being rolled out, recorded in the lock. */
  image?: string | undefined;
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

/** How the play ended, as its last plays write it to deploy_result_file (fleet_verdict.yml). */
export interface Verdict {
  status: 'ok' | 'failed' | 'interrupted' | 'lost';
  message: string;
  now?: Record<string, string>;
}

/** The variables every fleet playbook gets from the CLI, besides the command's own. Pure. */
export function runVars(
  env: Environment,
  files: { stop: string; result: string; events?: string | undefined },
  pid: number,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return {
    deploy_env: env,
    ...extra,
    deploy_stop_file: files.stop,
    deploy_result_file: files.result,
    deploy_cli_pid: pid,
    ...(files.events ? { deploy_events_file: files.events } : {}),
  };
}

async function readVerdict(file: string): Promise<Verdict | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Verdict;
  } catch {
    return undefined;
  }
}

const sentence = (text: string) => text.trim().replace(/\.+$/, '');

/**
 * The shape every playbook command shares: inventory, Ansible present, the environment's lock,
 * run, summary. Every check that can refuse the run comes before anything touches a host; the
 * lock is released whatever happens, and SIGINT/SIGTERM stop the run between hosts.
 */
export async function runPlaybookCommand(
  run: PlaybookRun,
  steps = new Steps(),
  signals: SignalSource = process,
): Promise<void> {
  const workdir = await Workdir.create();
  const stopFile = join(workdir.path, 'stop');
  const interrupt = new Interrupt(stopFile, (line) => steps.line(line), signals).install();
  try {
    const { options, env } = run;
    // Pre-flight: every refusal happens here, silently but for its one error line.
    const fromOutputs = options.inventory ? undefined : await resolveInventory(options, env, workdir);
    const ansible = await ensureAnsible();
    const target = fromOutputs ?? (await resolveInventory(options, env, workdir));
    const recording = run.record ? await Recording.prepare(run.record, workdir) : undefined;
    const lock = new DeployLock(env, target.file, workdir);
    const holder = newHolder(run.command, run.image, process.cwd());
    await lock.acquire(holder, (line) => steps.line(line));
    let verdict: Verdict | undefined;
    let exitCode = 0;
    try {
      steps.line(
        `${env}: ${target.hosts.length} host(s): ${target.hosts.join(', ')}; ${ansible}; lock taken`,
      );
      if (interrupt.signal) {
        throw new ShipyardError(
          `${run.command} on ${env} interrupted by ${interrupt.signal} before any host was touched`,
          'Nothing changed.',
          SIGNAL_EXIT_CODES[interrupt.signal],
        );
      }
      const resultFile = join(workdir.path, 'result.json');
      const extraVarsFile = await workdir.write(
        'extra-vars.json',
        JSON.stringify(
          runVars(
            env,
            { stop: stopFile, result: resultFile, events: recording?.eventsFile },
            process.pid,
            run.extraVars,
          ),
          null,
          2,
        ),
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
      const play = () => runPlaybook(args, ansibleDir, join(workdir.path, 'ansible.log'));
      const result = await steps.run(`${run.title}${dry}`, () =>
        recording ? recording.during(play) : play(),
      );
      exitCode = result.exitCode;
      verdict = await readVerdict(resultFile);
      if (recording?.timeline) await writeTimelineStep(recording, run, result.exitCode, steps);
      const summary = summarize(parseRecap(result.output));
      steps.line(
        `\nSummary: ${summary.hosts} host(s): ${summary.ok} ok, ${summary.changed} changed, ` +
          `${summary.failed} failed, ${summary.unreachable} unreachable. Finished all in ${formatDuration(steps.elapsed())}.`,
      );
    } finally {
      const released = await lock.release(holder.id).catch((error: Error) => error);
      if (released instanceof Error) {
        steps.line(
          `warning: could not release the lock of ${env}: ${released.message}. Free it with \`deploy lock release --env ${env}\`.`,
        );
      }
    }
    const finished = exitCode === 0 && (verdict === undefined || verdict.status === 'ok');
    if (interrupt.signal && !finished) {
      throw new ShipyardError(
        `${run.command} on ${env} interrupted by ${interrupt.signal}: ${sentence(verdict?.message ?? 'the play stopped early')}`,
        `The lock is released. Run the ${run.command} again to finish it; \`deploy status --env ${env}\` shows every host`,
        SIGNAL_EXIT_CODES[interrupt.signal],
      );
    }
    if (!finished) {
      throw new ShipyardError(
        verdict && verdict.status !== 'ok'
          ? `${run.command} on ${env} failed: ${sentence(verdict.message)}`
          : `${run.command} on ${env} failed (ansible-playbook exit code ${exitCode})`,
        verdict && verdict.status !== 'ok'
          ? `\`deploy status --env ${env}\` shows every host`
          : 'The failing task and its message are above the summary.',
      );
    }
  } finally {
    interrupt.uninstall();
    await workdir.remove();
  }
}
