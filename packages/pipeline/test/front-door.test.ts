// The Makefile is a thin front door: `make -n` shows what would run and runs nothing.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers.js';

let dir: string;
let recorder: string;
let log: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shipyard-front-door-'));
  log = join(dir, 'spawned.log');
  // GNU make starts every process through $(SHELL): recipe lines, $(shell ...) and sub-makes.
  // A shell it does not recognise as Bourne-compatible also turns off its exec-without-a-shell
  // fast path, so nothing escapes the record.
  recorder = join(dir, 'record-shell');
  await writeFile(recorder, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec bash "$@"\n`);
  await chmod(recorder, 0o755);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function spawnedBy(args: string[]): Promise<{ code: number; printed: string; spawned: string[] }> {
  await writeFile(log, '');
  const r = await execa('make', ['-C', repoRoot, `SHELL=${recorder}`, ...args], {
    reject: false,
    env: { MAKEFLAGS: '', MAKELEVEL: '' },
  });
  const spawned = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  return { code: r.exitCode ?? 1, printed: r.stdout, spawned };
}

describe('make -n', () => {
  it('the recorder sees what make starts (the check can fail)', async () => {
    const real = await spawnedBy(['-s', 'help']);
    expect(real.code).toBe(0);
    expect(real.spawned.length).toBeGreaterThan(0);
  });

  it.each([
    ['demo', []],
    ['e2e', []],
    ['pipeline', ['BRANCH=develop']],
    ['deploy', ['ENV=staging', 'IMAGE=127.0.0.1:5000/app:1']],
    ['test', []],
  ])('make -n %s prints its commands and starts no process', async (target, vars) => {
    const r = await spawnedBy(['-n', target, ...vars]);
    expect(r.code).toBe(0);
    expect(r.spawned).toEqual([]);
    expect(r.printed).not.toBe('');
  });

  it('each of demo and e2e is one command of the demo CLI', async () => {
    const r = await spawnedBy(['-n', '--no-print-directory', 'e2e']);
    const lines = r.printed.split('\n').filter((l) => l.includes('packages/demo/dist/cli.js'));
    expect(lines.map((l) => l.split(/\s+/)[2])).toEqual(['up', 'e2e']);
  });

  it.each([
    ['deploy', ['ENV=staging', 'IMAGE=127.0.0.1:5000/app:1'], 'rollout'],
    ['rollback', ['ENV=staging', 'SERIAL=2'], 'rollback'],
  ])('make %s passes TIMELINE through as --timeline', async (target, vars, command) => {
    const r = await spawnedBy(['-n', '--no-print-directory', target, ...vars, 'TIMELINE=reports/run.svg']);
    const line = r.printed.split('\n').find((l) => l.includes('packages/deploy/dist/cli.js'));
    expect(line?.split(/\s+/)[2]).toBe(command);
    expect(line).toContain("--timeline 'reports/run.svg'");
    const without = await spawnedBy(['-n', '--no-print-directory', target, ...vars]);
    expect(without.printed).not.toContain('--timeline');
  });

  it('make reconcile hands the deploy CLI what the Jenkinsfile asks for: private addresses, the SSM contract', async () => {
    const vars = ['ENV=staging', 'ADDRESS=private'];
    const r = await spawnedBy(['-n', '--no-print-directory', 'reconcile', ...vars, 'FROM_SSM=1']);
    const line = r.printed.split('\n').find((l) => l.includes('packages/deploy/dist/cli.js'));
    expect(line?.trim().split(/\s+/).slice(2)).toEqual([
      'reconcile',
      '--env',
      "'staging'",
      '--address',
      "'private'",
      '--from-ssm',
    ]);
    const without = await spawnedBy(['-n', '--no-print-directory', 'reconcile', ...vars]);
    expect(without.printed).not.toContain('--from-ssm');
  });
});
