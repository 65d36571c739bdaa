import { accessSync, constants, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, stripAnsi } from './helpers.js';

// `make doctor` runs first in `make test` (and so in the Jenkins Test stage): a machine without
// a tool gets one line naming it, before anything is installed or run.
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A one-directory PATH holding this machine's executables, less `hidden`. */
function pathWithout(...hidden: string[]): string {
  const bin = mkdtempSync(join(tmpdir(), 'shipyard-doctor-'));
  scratch.push(bin);
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || !existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      if (hidden.includes(name) || existsSync(join(bin, name))) continue;
      try {
        accessSync(join(dir, name), constants.X_OK);
        symlinkSync(join(dir, name), join(bin, name));
      } catch {
        // Not executable (or a dangling link): PATH lookup would skip it too.
      }
    }
  }
  return bin;
}

function make(target: string, env: Record<string, string | undefined>) {
  const { DOCKER_HOST: _ignored, ...rest } = process.env;
  return execa('make', [target], {
    cwd: repoRoot,
    reject: false,
    env: { ...rest, ...env },
    extendEnv: false,
  });
}

describe('make doctor (the first step of make test)', () => {
  it('passes on a machine with every tool and an engine, as CI is', async () => {
    const r = await make('doctor', { DOCKER_HOST: process.env.DOCKER_HOST });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^doctor: every tool make test needs is installed/);
  });

  it('names the missing tools and their Debian packages in one line', async () => {
    const r = await make('doctor', {
      PATH: pathWithout('groovy', 'ansible-playbook'),
      DOCKER_HOST: 'unix:///nowhere.sock',
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      'error: make test needs tools that are not installed: ansible-playbook groovy. ' +
        'Install them (Debian/Ubuntu: sudo apt-get install ansible groovy), then run make test again.',
    );
  });

  it('points to HashiCorp for Terraform, which Debian does not package', async () => {
    const r = await make('doctor', { PATH: pathWithout('terraform'), DOCKER_HOST: 'unix:///nowhere.sock' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      'error: make test needs tools that are not installed: terraform. ' +
        'Install them (Terraform: https://developer.hashicorp.com/terraform/install), then run make test again.',
    );
  });

  it('asks for a container engine when DOCKER_HOST is not set', async () => {
    const r = await make('doctor', {});
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(
      /^error: make test needs a container engine's API in DOCKER_HOST: /,
    );
  });

  it('stops make test before it installs, lints or tests anything', async () => {
    const r = await make('test', { PATH: pathWithout('shellcheck'), DOCKER_HOST: process.env.DOCKER_HOST });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/needs tools that are not installed: shellcheck\./);
    expect(stripAnsi(r.stdout)).not.toMatch(/==> (Installing|Linting|Type-checking|Running)/);
  });
});
