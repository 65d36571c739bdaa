// The timings of a roll-out on AWS, read where each one lives and held against the others:
// the target group as synthesized, the Ansible variables as a play sees them (role defaults,
// then group_vars/all.yml, then the environment's file; templates evaluated by Ansible itself),
// and the service's effective configuration, from its own config module given the environment
// the app role starts it with. The table in docs/deploy.md ("Timings") must say the same.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Testing } from 'cdktf';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../src/paths';
import { EnvironmentStack } from '../src/stacks/environment-stack';
import { resources, type TfJson, tempDir, testSettings } from './helpers';

const run = promisify(execFile);
const ENVS = ['staging', 'production'] as const;
type Env = (typeof ENVS)[number];
const ansible = path.join(repoRoot, 'ansible');
const yamlOf = (file: string) => (parse(fs.readFileSync(path.join(ansible, file), 'utf8')) ?? {}) as TfJson;

/** Every timing, in seconds, for one environment. */
interface Timings {
  interval: number;
  timeout: number;
  unhealthy: number;
  healthy: number;
  detection: number;
  deregistration: number;
  requestTimeout: number;
  checkInterval: number;
  longestRequest: number;
  drain: number;
  shutdown: number;
  stopTimeout: number;
  lbWait: number;
  healthWait: number;
  rejoin: number;
}

const timings: Partial<Record<Env, Timings>> = {};

/** The variables of a play on `env`'s hosts, templates rendered by Ansible (`debug var=`). */
async function ansibleVars(env: Env, names: string[]): Promise<TfJson> {
  const merged = {
    ...yamlOf('roles/app/defaults/main.yml'),
    ...yamlOf('group_vars/all.yml'),
    ...yamlOf(`group_vars/${env}.yml`),
  };
  const file = path.join(tempDir('timings'), 'vars.json');
  fs.writeFileSync(file, JSON.stringify(merged));
  const out: TfJson = {};
  for (const name of names) {
    const { stdout } = await run(
      'ansible',
      [
        'localhost',
        '-i',
        'localhost,',
        '-c',
        'local',
        '-m',
        'ansible.builtin.debug',
        '-a',
        `var=${name}`,
        '-e',
        `@${file}`,
      ],
      { env: { ...process.env, ANSIBLE_LOAD_CALLBACK_PLUGINS: '1', ANSIBLE_STDOUT_CALLBACK: 'json' } },
    );
    out[name] = JSON.parse(stdout).plays[0].tasks[0].hosts.localhost[name];
  }
  return out;
}

/** The service's configuration given `env`, through its own schema (the built config module). */
async function serviceConfig(env: Record<string, string>): Promise<TfJson> {
  const config = path.join(repoRoot, 'packages', 'service', 'dist', 'config.js');
  const script = `const m = await import(${JSON.stringify(config)}); console.log(JSON.stringify({ ...m.loadConfig(process.env), checkIntervalMs: m.REQUEST_CHECK_INTERVAL_MS }));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH, ...env },
  });
  return JSON.parse(stdout);
}

beforeAll(async () => {
  await run(path.join(repoRoot, 'node_modules', '.bin', 'tsc'), [
    '-b',
    path.join(repoRoot, 'packages', 'service'),
  ]);
  // The environment the app role gives the container (tasks/container.yml), as the play renders it.
  const containerTask = parse(
    fs.readFileSync(path.join(ansible, 'roles/app/tasks/container.yml'), 'utf8'),
  )[0];
  const containerEnv = containerTask.vars.__app_base_env as Record<string, string>;
  for (const env of ENVS) {
    const stack = JSON.parse(
      Testing.synth(new EnvironmentStack(Testing.app(), env, { settings: testSettings(), environment: env })),
    ) as TfJson;
    const [tg] = resources(stack, 'aws_lb_target_group');
    const check = tg?.health_check;
    const vars = await ansibleVars(env, [
      'app_drain_period_ms',
      'app_shutdown_timeout_ms',
      'app_request_timeout_ms',
      'app_stop_timeout',
      'app_lb_wait_timeout',
      'app_health_retries',
      'app_health_delay',
    ]);
    // The timing variables go to the container under these names, from these variables.
    for (const [variable, name] of [
      ['DRAIN_PERIOD_MS', 'app_drain_period_ms'],
      ['SHUTDOWN_TIMEOUT_MS', 'app_shutdown_timeout_ms'],
      ['REQUEST_TIMEOUT_MS', 'app_request_timeout_ms'],
    ] as const) {
      expect(containerEnv[variable], variable).toBe(`{{ ${name} | string }}`);
    }
    const service = await serviceConfig({
      DRAIN_PERIOD_MS: String(vars.app_drain_period_ms),
      SHUTDOWN_TIMEOUT_MS: String(vars.app_shutdown_timeout_ms),
      REQUEST_TIMEOUT_MS: String(vars.app_request_timeout_ms),
    });
    const s = (ms: number) => ms / 1000;
    const t = {
      interval: check.interval,
      timeout: check.timeout,
      unhealthy: check.unhealthy_threshold,
      healthy: check.healthy_threshold,
      deregistration: Number(tg?.deregistration_delay),
      requestTimeout: s(service.requestTimeoutMs),
      checkInterval: s(service.checkIntervalMs),
      drain: s(service.drainPeriodMs),
      shutdown: s(service.shutdownTimeoutMs),
      stopTimeout: Number(vars.app_stop_timeout),
      lbWait: Number(vars.app_lb_wait_timeout),
      healthWait: Number(vars.app_health_retries) * Number(vars.app_health_delay),
    };
    timings[env] = {
      ...t,
      detection: t.interval * t.unhealthy + t.timeout,
      rejoin: t.interval * t.healthy + t.timeout,
      longestRequest: t.requestTimeout + t.checkInterval,
    };
  }
}, 120_000);

const of = (env: Env) => timings[env] as Timings;

describe.each(ENVS)('timings that hold on AWS: %s', (env) => {
  it('the drain outlasts the ALB’s failure detection (interval x unhealthy threshold + timeout)', () => {
    const t = of(env);
    expect(t.drain, `drain ${t.drain} s vs detection ${t.detection} s`).toBeGreaterThanOrEqual(t.detection);
  });

  it('the deregistration delay outlasts the longest request (request timeout + its check interval)', () => {
    const t = of(env);
    expect(t.deregistration).toBeGreaterThanOrEqual(t.longestRequest);
  });

  it('a request in flight when the drain ends finishes within the shutdown timeout', () => {
    const t = of(env);
    expect(t.shutdown).toBeGreaterThanOrEqual(t.longestRequest);
  });

  it('docker stop waits longer than drain + shutdown', () => {
    const t = of(env);
    expect(t.stopTimeout).toBeGreaterThan(t.drain + t.shutdown);
  });

  it('the Ansible waits are above all of them', () => {
    const t = of(env);
    const longest = Math.max(t.detection, t.deregistration, t.rejoin, t.drain);
    expect(t.lbWait).toBeGreaterThan(longest);
    expect(t.healthWait).toBeGreaterThan(Math.max(t.detection, t.deregistration));
  });
});

describe('the table in docs/deploy.md', () => {
  it('says what the code says, for both environments', () => {
    const docs = fs.readFileSync(path.join(repoRoot, 'docs', 'deploy.md'), 'utf8');
    const section = docs.slice(
      docs.indexOf('\n## Timings'),
      docs.indexOf('\n## ', docs.indexOf('\n## Timings') + 1),
    );
    const rows = new Map(
      section
        .split('\n')
        .filter((l) => /^\| `\w+`/.test(l))
        .map((l) => l.split('|').map((c) => c.trim()))
        .map((c) => [c[1]?.replace(/`/g, '') ?? '', [c[3], c[4]]]),
    );
    const expected = (key: keyof Timings) => ENVS.map((env) => `${of(env)[key]}`);
    const keys: (keyof Timings)[] = [
      'interval',
      'timeout',
      'unhealthy',
      'healthy',
      'detection',
      'rejoin',
      'deregistration',
      'requestTimeout',
      'checkInterval',
      'longestRequest',
      'drain',
      'shutdown',
      'stopTimeout',
      'lbWait',
      'healthWait',
    ];
    expect([...rows.keys()]).toEqual(keys);
    for (const key of keys) expect(rows.get(key), key).toEqual(expected(key));
  });
});
