import { accessSync, constants, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { containerSettings } from '../src/containers.js';
import { DEFAULT_DOCKER_HOST, engineSocket, requiredTools } from '../src/doctor.js';
import { repoRoot, stripAnsi } from './helpers.js';

// `make doctor` runs in `make test` right after the install (and so in the Jenkins Test stage):
// a machine without a tool gets one line naming it, before anything is linted or tested.
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
  // As a user runs it: not as a sub-make of `make test`, and with no DOCKER_HOST but the test's.
  const { DOCKER_HOST: _ignored, MAKEFLAGS: _f, MAKELEVEL: _l, MFLAGS: _m, ...rest } = process.env;
  return execa('make', [target], {
    cwd: repoRoot,
    reject: false,
    env: { ...rest, ...env },
    extendEnv: false,
  });
}

describe('what doctor asks for', () => {
  it('asks for the engine the user has: docker alone by default, podman and buildah only when configured', () => {
    const docker = requiredTools(containerSettings({})).map((t) => t.command);
    expect(docker).toContain('docker');
    expect(docker).not.toContain('podman');
    expect(docker).not.toContain('buildah');
    const podman = requiredTools(
      containerSettings({ CONTAINER_CLI: 'podman', CONTAINER_BUILD: 'buildah bud' }),
    );
    expect(podman.map((t) => t.command)).toEqual(expect.arrayContaining(['podman', 'buildah']));
    expect(podman.map((t) => t.command)).not.toContain('docker');
  });

  it('talks to DOCKER_HOST, else to Docker’s default socket', () => {
    expect(engineSocket(undefined)).toEqual({ url: DEFAULT_DOCKER_HOST, socket: '/var/run/docker.sock' });
    expect(engineSocket('unix:///run/podman/podman.sock').socket).toBe('/run/podman/podman.sock');
  });
});

describe('make doctor (run by make test before it lints or tests anything)', () => {
  it('passes on a machine with every tool and an engine, as CI is', async () => {
    const r = await make('doctor', { DOCKER_HOST: process.env.DOCKER_HOST });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(stripAnsi(r.stdout)).toMatch(/^doctor: every tool make test needs is installed/m);
  });

  it('names the missing tools and their Debian packages in one line', async () => {
    const r = await make('doctor', {
      PATH: pathWithout('groovy', 'ansible-playbook'),
      DOCKER_HOST: process.env.DOCKER_HOST,
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      'error: make test needs tools that are not installed: ansible-playbook groovy. ' +
        'Install them (Debian/Ubuntu: sudo apt-get install ansible groovy), then run make test again',
    );
  });

  it('points to HashiCorp for Terraform, which Debian does not package', async () => {
    const r = await make('doctor', { PATH: pathWithout('terraform'), DOCKER_HOST: process.env.DOCKER_HOST });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      'error: make test needs tools that are not installed: terraform. ' +
        'Install them (Terraform: https://developer.hashicorp.com/terraform/install), then run make test again',
    );
  });

  it('says no engine answers, where it looked, and how to start one', async () => {
    const r = await make('doctor', { DOCKER_HOST: 'unix:///nowhere/engine.sock' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(
      /^error: make test needs a container engine, and none answers at unix:\/\/\/nowhere\/engine\.sock \(ENOENT\)\. Start Docker, or run `podman system service`/,
    );
  });

  it('stops make test before it lints, type-checks or tests anything', async () => {
    const r = await make('test', { PATH: pathWithout('shellcheck'), DOCKER_HOST: process.env.DOCKER_HOST });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/needs tools that are not installed: shellcheck\./);
    expect(stripAnsi(r.stdout)).not.toMatch(/==> (Linting|Type-checking|Running)/);
  });
});
