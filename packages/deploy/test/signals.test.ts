// The built CLI with a fake ansible-playbook as its child: what SIGTERM and SIGINT do to a running
// roll-out. The fake records every call and every signal it receives.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { waitFor } from './support/engine.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const fixture = fileURLToPath(new URL('fixtures/outputs.json', import.meta.url));
const fakeBin = fileURLToPath(new URL('fixtures/fake-ansible/', import.meta.url));
const image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service:1.2.3';

describe.each([
  ['SIGTERM', 143],
  ['SIGINT', 130],
] as const)('%s to `deploy rollout`', (signal, code) => {
  it('lets the play finish the host in progress, releases the lock and exits non-zero', async () => {
    const log = join(await mkdtemp(join(tmpdir(), 'fake-ansible-')), 'calls.log');
    const run = execa('node', [cli, 'rollout', '--env', 'staging', '--image', image, '--outputs', fixture], {
      reject: false,
      all: true,
      env: { PATH: `${fakeBin}:${dirname(process.execPath)}:/usr/bin:/bin`, FAKE_ANSIBLE_LOG: log },
    });
    await waitFor('the fake roll-out to start', async () =>
      (await readFile(log, 'utf8').catch(() => '')).includes('started'),
    );
    // To the CLI's pid alone, as `kill` or a Jenkins abort would send it.
    process.kill(run.pid as number, signal);
    const result = await run;
    expect(result.exitCode, result.all).toBe(code);
    const calls = (await readFile(log, 'utf8')).trim().split('\n');
    // The child was never signalled; it saw the marker, finished, and then the lock was released.
    expect(calls).toEqual([
      'run lock.yml acquire',
      'run deploy.yml',
      'started',
      'saw the stop marker',
      'run lock.yml release',
    ]);
    expect(result.all).toContain(`${signal}: stopping after the host in progress`);
    const last = result.all.trim().split('\n').at(-1);
    expect(last).toBe(
      `error: rollout on staging interrupted by ${signal}: Roll-out of x was interrupted and stopped after i-1. ` +
        'The lock is released. Run the rollout again to finish it; `deploy status --env staging` shows every host',
    );
  }, 60_000);
});
