import { execa } from 'execa';
import semver from 'semver';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCli, cliPath, repoRoot, runCli } from './helpers.js';

// These tests start real tools (git, make, a JVM, podman); a loaded CI machine needs headroom.
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

describe('plan', () => {
  it('prints raw KEY=VALUE lines for the Jenkinsfile', async () => {
    const result = await runCli(['plan', '--branch', 'develop'], repoRoot);
    expect(result.exitCode).toBe(0);
    const sha = (await execa('git', ['rev-parse', 'HEAD'], { cwd: repoRoot })).stdout;
    const lines = result.stdout.split('\n');
    expect(lines).toContain('PIPELINE_ENV=staging');
    expect(lines).toContain(`PIPELINE_SHA=${sha}`);
    expect(lines).toContain(`PIPELINE_IMAGE_TAGS=${sha},staging`);
  });

  it('quotes for eval, whatever the branch name holds', async () => {
    // Legal in a git ref name, hostile to a shell.
    const branch = `feat/it's;$(touch pwned)&\`x\``;
    const script = `eval "$(node '${cliPath}' pipeline plan --format shell --branch "$BRANCH_UNDER_TEST")"; printf '%s' "$PIPELINE_REF"`;
    const result = await execa('bash', ['-c', script], {
      cwd: repoRoot,
      env: { BRANCH_UNDER_TEST: branch },
      reject: false,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(branch);
  });

  it('rejects an unknown format', async () => {
    const result = await runCli(['plan', '--branch', 'develop', '--format', 'xml'], repoRoot);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain("error: unknown --format 'xml'");
  });
});
