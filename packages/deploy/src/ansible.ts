import { readFile } from 'node:fs/promises';
import { ShipyardError, stripAnsi } from '@shipyard/cli-kit';
import { execa } from 'execa';
import { ansibleConfig } from './paths.js';
import { ansibleEnv, inventoryListArgs } from './playbook.js';

const INSTALL_HINT =
  'Install Ansible: `sudo apt-get install ansible` (Debian/Ubuntu), `pipx install --include-deps ansible` or `brew install ansible`.';

function env(): Record<string, string> {
  return ansibleEnv(ansibleConfig, Boolean(process.stdout.isTTY));
}

/** Fails with an install hint when ansible-playbook is not on PATH. */
export async function ensureAnsible(): Promise<string> {
  try {
    const { stdout } = await execa('ansible-playbook', ['--version'], { env: env() });
    return stdout.split('\n')[0] ?? 'ansible-playbook';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ShipyardError('ansible-playbook is not installed (not found on PATH)', INSTALL_HINT);
    }
    throw new ShipyardError(`ansible-playbook --version failed: ${(error as Error).message}`, INSTALL_HINT);
  }
}

interface InventoryList {
  [group: string]: { hosts?: string[]; children?: string[] } | undefined;
}

/** Every host of `group`, following child groups, from `ansible-inventory --list` JSON. */
export function groupHosts(list: InventoryList, group: string, seen = new Set<string>()): string[] {
  if (seen.has(group)) return [];
  seen.add(group);
  const entry = list[group];
  if (!entry) return [];
  const hosts = new Set(entry.hosts ?? []);
  for (const child of entry.children ?? []) {
    for (const host of groupHosts(list, child, seen)) hosts.add(host);
  }
  return [...hosts];
}

/** Reads a hand-written inventory through Ansible itself, so every format Ansible takes works. */
export async function inventoryHosts(inventory: string, group: string): Promise<string[]> {
  const result = await execa('ansible-inventory', inventoryListArgs(inventory), {
    env: env(),
    reject: false,
  });
  if (result.exitCode !== 0) {
    const reason = result.stderr.split('\n').find((line) => line.trim()) ?? `exit code ${result.exitCode}`;
    throw new ShipyardError(
      `cannot read inventory ${inventory}: ${reason}`,
      'Check the file with `ansible-inventory -i <file> --graph`.',
    );
  }
  return groupHosts(JSON.parse(result.stdout) as InventoryList, group);
}

export interface PlaybookResult {
  exitCode: number;
  output: string;
}

/** Ansible's log file lines carry a prefix ("2025-01-01 10:00:00,123 p=1 u=me n=ansible | "). */
export function logToOutput(log: string): string {
  return log
    .split('\n')
    .map((line) => line.replace(/^\d{4}-\d\d-\d\d [\d:,]+ p=\d+ u=\S* n=\S+ \| /, ''))
    .join('\n');
}

/**
 * Runs ansible-playbook with its output going straight to ours, and a copy to `logFile` for the
 * recap.
 *
 * It runs in its own process group: Ctrl-C in a terminal signals the whole foreground group, and
 * ansible-playbook would abort mid-task. The deploy CLI alone takes SIGINT/SIGTERM and asks the
 * play to stop between hosts instead (deploy_stop_file). Its output does not pass through the CLI
 * either, so it outlives a CLI killed hard: its gate then stops it after the host in progress.
 */
export async function runPlaybook(args: string[], cwd: string, logFile: string): Promise<PlaybookResult> {
  const result = await execa('ansible-playbook', args, {
    cwd,
    env: { ...env(), ANSIBLE_LOG_PATH: logFile },
    stdin: 'ignore',
    stdout: 'inherit',
    stderr: 'inherit',
    reject: false,
    detached: true,
    cleanup: false,
  });
  const log = await readFile(logFile, 'utf8').catch(() => '');
  return { exitCode: result.exitCode ?? 1, output: logToOutput(log) };
}

/** The line that says why a quiet run failed: Ansible's `msg`, or its first fatal/ERROR line. */
export function failureReason(output: string): string {
  const lines = output.split('\n');
  const msg = lines.map((line) => /^\s*msg: (.*)$/.exec(line)?.[1]).find(Boolean);
  if (msg) return msg.replace(/^['"]|['"]$/g, '');
  const fatal = lines.find((line) => /^(fatal:|ERROR!)/.test(line.trim()));
  return fatal?.trim() ?? lines.filter((line) => line.trim()).at(-1) ?? 'no output';
}

/** Runs a short playbook (the lock, the status) without streaming; its output shows only on failure. */
export async function runPlaybookQuietly(args: string[], cwd: string, what: string): Promise<void> {
  const result = await execa('ansible-playbook', args, {
    cwd,
    env: env(),
    stdin: 'ignore',
    all: true,
    reject: false,
  });
  if (result.exitCode !== 0) {
    throw new ShipyardError(
      `reading or changing ${what} failed: ${failureReason(stripAnsi(result.all ?? ''))}`,
      "Check that the environment's first host answers and that the inventory is right.",
    );
  }
}
