import { ShipyardError } from '@shipyard/cli-kit';
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

/** Runs ansible-playbook, streaming its output live while keeping a copy for the recap. */
export async function runPlaybook(args: string[], cwd: string): Promise<PlaybookResult> {
  const result = await execa('ansible-playbook', args, {
    cwd,
    env: env(),
    stdin: 'ignore',
    stdout: ['inherit', 'pipe'],
    stderr: 'inherit',
    reject: false,
  });
  return { exitCode: result.exitCode ?? 1, output: result.stdout };
}
