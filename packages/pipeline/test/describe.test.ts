import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import semver from 'semver';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCli, repoRoot, runCli } from './helpers.js';

// These tests start real tools (git, make); a loaded CI machine needs headroom.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

beforeAll(buildCli, 120_000);

describe('make version', () => {
  it("prints only HEAD's version, a valid semantic version", async () => {
    const result = await execa('make', ['--no-print-directory', 'version', 'BRANCH=develop', 'TAG='], {
      cwd: repoRoot,
      env: { MAKEFLAGS: '', MAKELEVEL: '', BRANCH_NAME: '', TAG_NAME: '' },
    });
    const short = (await execa('git', ['rev-parse', '--short=7', 'HEAD'], { cwd: repoRoot })).stdout;
    expect(result.stdout).toMatch(new RegExp(`^\\d+\\.\\d+\\.\\d+(-develop\\.\\d+\\.g${short})?$`));
    expect(semver.valid(result.stdout)).toBe(result.stdout);
  });
});

describe('describe', () => {
  it('prints raw KEY=VALUE lines for the Jenkinsfile', async () => {
    const result = await runCli(['describe', '--branch', 'develop'], repoRoot);
    expect(result.exitCode).toBe(0);
    const sha = (await execa('git', ['rev-parse', 'HEAD'], { cwd: repoRoot })).stdout;
    const lines = result.stdout.split('\n');
    expect(lines).toContain('PIPELINE_ENV=staging');
    expect(lines).toContain(`PIPELINE_SHA=${sha}`);
    expect(lines).toContain(`PIPELINE_IMAGE_TAGS=${sha}`);
    expect(lines).toContain('PIPELINE_PROMOTE_TAGS=staging-previous,staging');
  });

  it('prints JSON on request', async () => {
    const result = await runCli(['describe', '--tag', 'v1.2.3', '--format', 'json'], repoRoot);
    expect(JSON.parse(result.stdout)).toMatchObject({
      PIPELINE_ENV: 'production',
      PIPELINE_VERSION: '1.2.3',
      PIPELINE_IMAGE_TAGS: '1.2.3',
      PIPELINE_PROMOTE_TAGS: 'production-previous,production,1.2,1',
    });
  });

  it('takes a hostile branch name from Jenkins (BRANCH_NAME) without a shell ever reading it', async () => {
    // Legal in a git ref name, hostile to a shell.
    const branch = `feat/it's;$(touch pwned)&\`x\``;
    const result = await execa('make', ['--no-print-directory', '-s', 'describe-build'], {
      cwd: repoRoot,
      reject: false,
      env: { MAKEFLAGS: '', MAKELEVEL: '', BRANCH_NAME: branch, TAG_NAME: '' },
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n')).toContain(`PIPELINE_REF=${branch}`);
    expect(existsSync(join(repoRoot, 'pwned'))).toBe(false);
  });

  it('refuses an unknown format with one line', async () => {
    const result = await runCli(['describe', '--branch', 'develop', '--format', 'xml'], repoRoot);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are env, json.",
    ]);
  });
});
