import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildCli, runCli } from './helpers.js';
import { jenkinsCheckout, originAndClone } from './scratch-git.js';

// These tests start real tools (git, the container CLI); a loaded CI machine needs headroom.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

// Nothing listens on port 9 (discard): a release that got past the main-branch rule would fail
// at the registry instead, with another message.
const NO_REGISTRY = '127.0.0.1:9/shipyard-none';
let root: string;

beforeAll(buildCli, 120_000);
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const cli = (cwd: string, args: string[]) =>
  runCli([...args, '--repository', NO_REGISTRY, '--image-record', join(cwd, 'image.json')], cwd, {
    BRANCH_NAME: '',
    TAG_NAME: '',
    ECR_REPOSITORY_URL: '',
  });

describe('the main-branch rule for release tags', () => {
  it.each(['main', 'master'])(
    'refuses a vX.Y.Z whose commit is not on %s, in one line naming the commit and the branch',
    async (branch) => {
      root = await mkdtemp(join(tmpdir(), 'shipyard-main-rule-'));
      const work = await originAndClone(root, branch);
      await work.git('checkout', '--quiet', '-b', 'feature/x');
      const off = await work.commit('feat: not merged');
      await work.release('v2.0.0');
      // The tag's build, as Jenkins checks it out: the tag only, no branch.
      const build = await jenkinsCheckout(
        root,
        'tag-build',
        ['+refs/tags/v2.0.0:refs/tags/v2.0.0'],
        'v2.0.0',
      );

      const result = await cli(build.dir, ['stage', 'publish', '--tag', 'v2.0.0', '--push']);
      expect(result.exitCode).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([
        `error: refusing to release v2.0.0: its commit ${off} is not on ${branch} (origin). A release ships what the main branch holds: merge into main, then tag a commit of main (\`make release\` there).`,
      ]);
    },
  );

  it('lets a tag on main through, fetching main when the tag build has no copy of it', async () => {
    root = await mkdtemp(join(tmpdir(), 'shipyard-main-rule-'));
    const work = await originAndClone(root, 'main');
    const sha = await work.git('rev-parse', 'HEAD');
    await work.release('v1.0.0');
    const build = await jenkinsCheckout(root, 'tag-build', ['+refs/tags/v1.0.0:refs/tags/v1.0.0'], 'v1.0.0');

    const result = await cli(build.dir, ['stage', 'publish', '--tag', 'v1.0.0', '--push']);
    expect(result.stdout).toContain(`fetching main from origin: the clone does not show ${sha} on it`);
    expect(result.stdout).toContain(`${sha} is on main`);
    // Past the rule, the next step asks the registry (none here).
    expect(result.stderr).toContain(`error: cannot tell whether ${NO_REGISTRY}:1.0.0 already exists`);
    expect(await build.git('rev-parse', 'refs/remotes/origin/main')).toBe(sha);
  });
});

describe('a main branch build of a released commit', () => {
  it('still builds and pushes <sha>, and leaves Deploy and Promote to the tag build, saying why', async () => {
    root = await mkdtemp(join(tmpdir(), 'shipyard-main-rule-'));
    const work = await originAndClone(root, 'main');
    const sha = await work.git('rev-parse', 'HEAD');
    await work.release('v1.0.0');

    const result = await cli(work.dir, ['run', '--branch', 'main', '--skip-test', '--skip-build']);
    expect(result.exitCode).toBe(0);
    const out = result.stdout;
    expect(out).toContain(`  ${NO_REGISTRY}:${sha}\n`);
    const skipped = `skipped: commit ${sha} is released as v1.0.0, and the build of that tag`;
    const deploy = out.slice(out.indexOf('Stage: Deploy'), out.indexOf('Stage: Promote'));
    expect(deploy).toContain(`${skipped} deploys production: a release deploys production once`);
    expect(deploy).not.toContain('would run: deploy');
    const promote = out.slice(out.indexOf('Stage: Promote'));
    expect(promote).toContain(`${skipped} moves the production tags: a release deploys production once`);
    expect(promote).not.toContain('would move');
  });

  it('describes itself as released (PIPELINE_RELEASED_AS), so the Jenkinsfile asks for no approval', async () => {
    root = await mkdtemp(join(tmpdir(), 'shipyard-main-rule-'));
    const work = await originAndClone(root, 'main');
    const describe = async (branch: string) => {
      const result = await runCli(['describe', '--branch', branch], work.dir, {
        BRANCH_NAME: '',
        TAG_NAME: '',
      });
      expect(result.exitCode, result.stderr).toBe(0);
      return result.stdout.split('\n').find((line) => line.startsWith('PIPELINE_RELEASED_AS='));
    };
    expect(await describe('main')).toBe('PIPELINE_RELEASED_AS=');
    await work.release('v1.0.0-rc.1');
    expect(await describe('main')).toBe('PIPELINE_RELEASED_AS=');
    await work.release('v1.0.0');
    expect(await describe('main')).toBe('PIPELINE_RELEASED_AS=v1.0.0');
    // Only a main branch build leaves production to the tag's build.
    expect(await describe('develop')).toBe('PIPELINE_RELEASED_AS=');
  });

  it('deploys production as before when the commit carries no release', async () => {
    root = await mkdtemp(join(tmpdir(), 'shipyard-main-rule-'));
    const work = await originAndClone(root, 'main');
    await work.release('v1.0.0-rc.1');
    const result = await cli(work.dir, ['run', '--branch', 'main', '--skip-test', '--skip-build']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('would run: deploy rollout --env production');
    expect(result.stdout).toContain(`  ${NO_REGISTRY}:production -> `);
  });
});
