import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import type { Environment } from '@shipyard/contracts';
import { readEvents, writeTimeline } from '@shipyard/timeline';
import type { Workdir } from '../target.js';
import { type DescribeOptions, describeLoadBalancers, type HostLb } from './lb.js';
import { type Sampler, startSampler } from './sampler.js';
import { haproxyTraffic } from './traffic.js';

/** What a roll-out records besides doing its work: `--timeline FILE`, `--events FILE`. */
export interface RecordOptions {
  /** Write an SVG timeline of the run here. */
  readonly timeline?: string | undefined;
  /** Append the host phase events (JSON lines) here instead of a scratch file. */
  readonly events?: string | undefined;
}

/** Refuses, before anything runs, a path the file cannot be written to. */
async function checkWritable(flag: string, file: string): Promise<void> {
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw new ShipyardError(
      `${flag} ${file} is a directory`,
      `Give a file name, e.g. ${join(file, 'rollout.svg')}.`,
    );
  }
  const dir = dirname(file);
  try {
    await access(existing ? file : dir, constants.W_OK);
  } catch {
    throw new ShipyardError(
      `${flag} ${file} cannot be written (${existing ? 'the file is read-only' : `no writable directory ${dir}`})`,
      'Create the directory first, or choose another path.',
    );
  }
}

/** The lines under the title: where the traffic figures come from, or why there are none. */
export function samplingNote(hosts: readonly HostLb[]): string[] {
  const sampled = hosts.filter((h) => h.haproxy);
  const others = hosts.filter((h) => !h.haproxy);
  const lines: string[] = [];
  if (sampled.length > 0) {
    lines.push(
      "Requests per second from HAProxy's per-server counters (show stat), sampled every second.",
      'Each server counts for the version its host ran then; "before" is what a host ran when the run began.',
    );
  }
  const alb = others.filter((h) => h.driver === 'alb').map((h) => h.host);
  const rest = others.filter((h) => h.driver !== 'alb').map((h) => `${h.host} (${h.driver || 'unknown'})`);
  if (alb.length > 0) {
    lines.push(
      `Per-version traffic is not sampled for the alb driver (AWS target groups): host bands only for ${alb.join(', ')}.`,
    );
  }
  if (rest.length > 0) {
    lines.push(`No load balancer to sample for ${rest.join(', ')}: host bands only.`);
  }
  return lines;
}

/**
 * One run's recording: the events file the playbook appends to, the load balancer sampler, and
 * the SVG written at the end, whether the run succeeded or not.
 */
export class Recording {
  private hosts: HostLb[] = [];
  private sampler: Sampler | undefined;
  private samples: Awaited<ReturnType<Sampler['stop']>> = [];
  private span: { start: number; end: number } | undefined;

  private constructor(
    readonly eventsFile: string,
    readonly timeline: string | undefined,
  ) {}

  /** Checks the paths; undefined when nothing is to be recorded. Touches no host. */
  static async prepare(options: RecordOptions, workdir: Workdir): Promise<Recording | undefined> {
    if (!options.timeline && !options.events) return undefined;
    const timeline = options.timeline ? resolve(options.timeline) : undefined;
    const events = options.events ? resolve(options.events) : undefined;
    if (timeline) await checkWritable('--timeline', timeline);
    if (events) await checkWritable('--events', events);
    return new Recording(events ?? join(workdir.path, 'events.jsonl'), timeline);
  }

  /** The extra var that makes the playbooks append their phase events. */
  get extraVars(): { deploy_events_file: string } {
    return { deploy_events_file: this.eventsFile };
  }

  /** Learns each host's load balancer (only a timeline needs it). */
  async describe(options: DescribeOptions): Promise<HostLb[]> {
    if (!this.timeline) return [];
    this.hosts = await describeLoadBalancers(options);
    return this.hosts;
  }

  /** Runs `work` with the load balancers sampled every second throughout. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    const sockets = [...new Set(this.hosts.flatMap((h) => (h.haproxy ? [h.haproxy.socket] : [])))];
    this.sampler = this.timeline && sockets.length > 0 ? startSampler(sockets) : undefined;
    const start = Date.now();
    try {
      return await work();
    } finally {
      this.span = { start, end: Date.now() };
      this.samples = (await this.sampler?.stop()) ?? [];
    }
  }

  /** Writes the SVG; returns a line saying where, or undefined without --timeline. */
  async write(title: string, env: Environment, exitCode: number): Promise<string | undefined> {
    if (!this.timeline) return undefined;
    // An --events file may hold earlier runs too: draw this run's only.
    const since = this.span?.start ?? 0;
    const events = (await readEvents(this.eventsFile)).filter((e) => e.t >= since);
    const sampled = this.hosts.some((h) => h.haproxy);
    const outcome = exitCode === 0 ? 'done' : `failed (exit code ${exitCode})`;
    const names = this.hosts.map((h) => h.host);
    await writeTimeline(
      this.timeline,
      {
        events,
        hosts: names,
        traffic: sampled ? haproxyTraffic(this.samples, this.hosts, events) : undefined,
        span: this.span,
      },
      { title: `${title}: ${outcome}`, subtitle: samplingNote(this.hosts) },
    );
    return `Wrote the timeline of ${env} (${events.length} host phase event(s), ${this.samples.length} load balancer sample(s)) to ${this.timeline}`;
  }
}
