import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ShipyardError, stripAnsi } from '@shipyard/cli-kit';
import type { Environment } from '@shipyard/contracts';
import { execa } from 'execa';
import { ansibleConfig, ansibleDir } from '../paths.js';
import { ansibleEnv, playbookArgs } from '../playbook.js';
import type { Workdir } from '../target.js';

/** Where one host sits behind its load balancer, as the app role sees it. */
export interface HostLb {
  readonly host: string;
  /** app_lb_driver: alb, haproxy or none. */
  readonly driver: string;
  /** For the haproxy driver: the stats socket, the backend and this host's server in it. */
  readonly haproxy?: { readonly socket: string; readonly backend: string; readonly server: string };
}

/** One file written by ansible/describe-lb.yml. */
interface Description {
  host?: unknown;
  driver?: unknown;
  haproxy_socket?: unknown;
  haproxy_backend?: unknown;
  haproxy_server?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Reads the descriptions, in the inventory's host order. Pure. */
export function parseDescriptions(files: readonly string[], order: readonly string[]): HostLb[] {
  const hosts = files.map((raw): HostLb => {
    const d = JSON.parse(raw) as Description;
    const host = text(d.host);
    const driver = text(d.driver);
    return driver === 'haproxy'
      ? {
          host,
          driver,
          haproxy: {
            socket: text(d.haproxy_socket),
            backend: text(d.haproxy_backend),
            server: text(d.haproxy_server),
          },
        }
      : { host, driver };
  });
  const rank = (host: string) => (order.includes(host) ? order.indexOf(host) : order.length);
  return hosts.sort((a, b) => rank(a.host) - rank(b.host) || a.host.localeCompare(b.host));
}

export interface DescribeOptions {
  readonly inventory: string;
  readonly env: Environment;
  readonly limit?: string | undefined;
  /** Inventory order of the environment's hosts. */
  readonly hosts: readonly string[];
  readonly workdir: Workdir;
}

/**
 * Runs ansible/describe-lb.yml, which resolves each host's load balancer variables through the
 * inventory and the app role's defaults exactly as a roll-out would, and touches no host.
 */
export async function describeLoadBalancers(options: DescribeOptions): Promise<HostLb[]> {
  const dir = join(options.workdir.path, 'lb');
  // Fresh each time: only the hosts of this run (and this --limit) may be listed.
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const extraVarsFile = await options.workdir.write(
    'describe-vars.json',
    JSON.stringify({ deploy_env: options.env, deploy_describe_dir: dir }),
  );
  const result = await execa(
    'ansible-playbook',
    playbookArgs({
      playbook: join(ansibleDir, 'describe-lb.yml'),
      inventory: options.inventory,
      extraVarsFile,
      limit: options.limit,
    }),
    { cwd: ansibleDir, env: ansibleEnv(ansibleConfig, false), all: true, reject: false, stdin: 'ignore' },
  );
  if (result.exitCode !== 0) {
    const reason = stripAnsi(result.all ?? '')
      .split('\n')
      .filter((l) => /fatal|error|ERROR/.test(l))
      .slice(-1)[0];
    throw new ShipyardError(
      `cannot tell how the hosts are load balanced for --timeline (describe-lb.yml exit code ${result.exitCode})${reason ? `: ${reason.trim()}` : ''}`,
      'Run the roll-out without --timeline, or check the inventory with `ansible-inventory -i <file> --graph`.',
    );
  }
  const names = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const files = await Promise.all(names.map((f) => readFile(join(dir, f), 'utf8')));
  return parseDescriptions(files, options.hosts);
}
