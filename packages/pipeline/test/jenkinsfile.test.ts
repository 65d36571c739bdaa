import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtures, javaEnv, repoRoot, stripAnsi } from './helpers.js';

// These tests start real tools (git, make, a JVM, podman); a loaded CI machine needs headroom.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

// Debian has no Jenkins: the Groovy compiler checks the syntax, and the AST gives the `sh` steps.
const inspect = (...files: string[]) =>
  execa('groovy', [join(fixtures, 'inspect-groovy.groovy'), ...files], {
    cwd: repoRoot,
    reject: false,
    env: javaEnv(),
  });

function shSteps(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('sh\t'))
    .map((line) => line.split('\t')[2] ?? '');
}

describe('Jenkinsfile', () => {
  // The JVM takes seconds to start: parse once, assert many times.
  let result: Awaited<ReturnType<typeof inspect>>;
  beforeAll(async () => {
    result = await inspect('Jenkinsfile', 'jenkins/seed-job.groovy');
  }, 60_000);

  it('parses as Groovy, and so does the seed job', () => {
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('ok\tJenkinsfile');
    expect(result.stdout).toContain('ok\tjenkins/seed-job.groovy');
  });

  it('the parser rejects broken Groovy (so the check above can fail)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shipyard-groovy-'));
    try {
      await writeFile(
        join(dir, 'Jenkinsfile'),
        "pipeline { stages { stage('x') { steps { sh 'make test' } }\n",
      );
      const result = await inspect(join(dir, 'Jenkinsfile'));
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("expecting '}'");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('every sh step is one make call naming a target `make help` lists', async () => {
    const steps = shSteps(result.stdout);
    expect(steps.length).toBeGreaterThanOrEqual(5);
    const help = stripAnsi((await execa('make', ['--no-print-directory', 'help'], { cwd: repoRoot })).stdout);
    const targets = new Set(
      help
        .split('\n')
        .map((line) => line.trim().split(/\s+/)[0] ?? '')
        .filter((t) => t !== ''),
    );
    for (const step of steps) {
      const words = step.trim().split(/\s+/);
      expect(words[0], `sh step '${step}' must call make`).toBe('make');
      const named = words.slice(1).filter((w) => !w.includes('=') && !w.startsWith('-'));
      expect(named, `sh step '${step}' must name exactly one target`).toHaveLength(1);
      expect(targets.has(named[0] ?? ''), `sh step '${step}': no target '${named[0]}' in make help`).toBe(
        true,
      );
    }
  }, 60_000);

  it('runs the stages the issue asks for, in order', () => {
    const steps = shSteps(result.stdout).map((s) => s.split(/\s+/)[1]);
    expect(steps).toEqual([
      'describe-build',
      'pipeline-test',
      'pipeline-build',
      'pipeline-publish',
      'pipeline-deploy',
      'pipeline-promote',
    ]);
  }, 60_000);
});
