import type { Environment } from '@shipyard/contracts';
import { describeHolder, type LockState } from './lock.js';

/** One host as ansible/status.yml reports it. */
export interface HostStatus {
  host: string;
  /** The image the container was started from; empty without a container. */
  image: string;
  running: boolean;
  /** HTTP status of the health endpoint; -1 when it does not answer. */
  health: number;
  /** What the load balancer says: HAProxy's status, the target's health state, or `none`. */
  lb: string;
  /** Whether the load balancer sends it new requests. */
  in_lb: boolean;
  current: string;
  previous: string;
}

export interface EnvironmentStatus {
  hosts: HostStatus[];
  unreachable?: string[];
  lock: LockState;
}

/** In service: in the load balancer and healthy. */
export function inService(host: HostStatus): boolean {
  return host.in_lb && host.running && host.health === 200;
}

export function formatLock(env: Environment, lock: LockState, now = new Date()): string {
  return lock.held ? `${env}: locked by ${describeHolder(lock.holder, now)}` : `${env}: not locked`;
}

/** The table `deploy status` prints. Pure, so the wording is tested. */
export function formatStatus(env: Environment, status: EnvironmentStatus, now = new Date()): string {
  const rows = status.hosts.map((h) => [
    h.host,
    h.image || '(no container)',
    h.in_lb ? `${h.lb} (in)` : `${h.lb} (out)`,
    h.health === -1 ? 'no answer' : String(h.health),
    inService(h) ? 'yes' : 'NO',
  ]);
  const header = ['host', 'image', 'load balancer', 'health', 'in service'];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `  ${cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}`;
  const out = [`${env}: ${status.hosts.length} host(s)`, line(header), ...rows.map(line)];
  for (const host of status.unreachable ?? []) out.push(`  ${host}: unreachable`);
  out.push(`lock: ${formatLock(env, status.lock, now).slice(env.length + 2)}`);
  const notInService = status.hosts.filter((h) => !inService(h)).map((h) => h.host);
  if (notInService.length > 0 || (status.unreachable ?? []).length > 0) {
    out.push(
      `Not in service: ${[...notInService, ...(status.unreachable ?? [])].join(', ')}. ` +
        `\`deploy reconcile --env ${env}\` puts every host back on whichever image is healthy.`,
    );
  } else {
    out.push('Every host is in service.');
  }
  return out.join('\n');
}
