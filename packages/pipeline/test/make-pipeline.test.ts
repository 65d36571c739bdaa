import { execa } from 'execa';
import { describe, expect, it, vi } from 'vitest';
import { repoRoot, stripAnsi } from './helpers.js';

// These tests start real tools (git, make); a loaded CI machine needs headroom.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const REPOSITORY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service';

/**
 * Runs `make pipeline` as a user would. MAKEFLAGS is cleared and every switch is given, so a
 * surrounding `make pipeline PUSH=1` or a Jenkins tag build's TAG_NAME cannot leak in and turn
 * this dry run real. The test stage is skipped because `make test` is what runs this test.
 */
async function pipeline(...vars: string[]) {
  const result = await execa(
    'make',
    [
      '--no-print-directory',
      'pipeline',
      'PIPELINE_SKIP_TEST=1',
      'PIPELINE_SKIP_BUILD=1',
      'PUSH=',
      'DEPLOY=',
      ...vars,
    ],
    {
      cwd: repoRoot,
      reject: false,
      env: { MAKEFLAGS: '', MAKELEVEL: '', BRANCH_NAME: '', TAG_NAME: '', ECR_REPOSITORY_URL: '' },
    },
  );
  return { ...result, stdout: stripAnsi(result.stdout) };
}

const headSha = async () => (await execa('git', ['rev-parse', 'HEAD'], { cwd: repoRoot })).stdout;

describe('make pipeline (dry run)', () => {
  it('BRANCH=develop pushes <sha>, deploys its digest, and moves staging only after the deploy', async () => {
    const result = await pipeline('BRANCH=develop', 'TAG=', `REPOSITORY=${REPOSITORY}`);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const sha = await headSha();
    const out = result.stdout;
    expect(out).toMatch(
      /Pipeline for branch develop: version \d+\.\d+\.\d+-develop\.\d+\.g[0-9a-f]{7}, environment staging/,
    );
    const stages = [
      'Stage: Test',
      'Stage: Build image',
      'Stage: Tag & push',
      'Stage: Deploy',
      'Stage: Promote',
    ];
    for (const stage of stages) expect(out).toContain(stage);
    const at = stages.map((s) => out.indexOf(s));
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(out).toContain('SKIPPED: stage Test (PIPELINE_SKIP_TEST is set)');
    expect(out).toContain('SKIPPED: stage Build image (PIPELINE_SKIP_BUILD is set)');
    // Tag & push puts only the commit's tag in the registry...
    const tagAndPush = out.slice(out.indexOf('Stage: Tag & push'), out.indexOf('Stage: Deploy'));
    expect(tagAndPush).toContain(
      [`dry run: would push shipyard/service:${sha} as:`, `  ${REPOSITORY}:${sha}`].join('\n'),
    );
    // ...the deploy names the image by the digest Tag & push records...
    const version = out.match(/version (\S+), environment staging/)?.[1];
    expect(out).toContain(
      [
        'dry run: would run: deploy provision --env staging --address private --from-ssm',
        `dry run: would run: deploy rollout --env staging --image ${REPOSITORY}@sha256:<the digest Tag & push records for ${sha}> --app-version ${version} --address private --from-ssm`,
      ].join('\n'),
    );
    // ...and the environment tags appear nowhere before Promote, which comes after the deploy.
    const promote = out.indexOf('Stage: Promote');
    expect(out.indexOf(`${REPOSITORY}:staging`)).toBeGreaterThan(promote);
    expect(out.slice(promote)).toContain(
      [
        'dry run: after a successful deploy, would move:',
        `  ${REPOSITORY}:staging-previous -> the image ${REPOSITORY}:staging points at now (if any)`,
        `  ${REPOSITORY}:staging -> ${REPOSITORY}@sha256:<the deployed digest>`,
      ].join('\n'),
    );
  }, 120_000);

  it('BRANCH=feature/x runs only the test stage', async () => {
    const result = await pipeline('BRANCH=feature/x', 'TAG=');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('environment none (test only)');
    expect(result.stdout).toContain('Stage: Test');
    expect(result.stdout).toContain('SKIPPED: stage Test');
    for (const stage of [
      'Stage: Build image',
      'Stage: Tag & push',
      'Stage: Deploy',
      'would push',
      'would run',
    ]) {
      expect(result.stdout).not.toContain(stage);
    }
  }, 120_000);

  it('TAG=v1.2.3 builds nothing, promotes the commit image, and moves production, 1.2 and 1 last', async () => {
    const result = await pipeline('BRANCH=v1.2.3', 'TAG=v1.2.3', `REPOSITORY=${REPOSITORY}`);
    expect(result.exitCode).toBe(0);
    const sha = await headSha();
    const out = result.stdout;
    expect(out).toContain('Pipeline for tag v1.2.3: version 1.2.3, environment production');
    expect(out).toContain(
      `SKIPPED: stage Build image: release tag v1.2.3 promotes the image the main branch build pushed for ${sha}; nothing is rebuilt`,
    );
    expect(out).toContain(
      [
        `dry run: would check that ${sha} is on the main branch (main or master on origin)`,
        `dry run: would promote ${REPOSITORY}:${sha}, pushed by the main branch build of that commit (waiting up to 1800 s for it), with nothing rebuilt, as:`,
        `  (after checking that ${REPOSITORY}:1.2.3 does not exist yet)`,
        `  ${REPOSITORY}:1.2.3`,
      ].join('\n'),
    );
    expect(out).toContain(
      `would run: deploy rollout --env production --image ${REPOSITORY}@sha256:<the digest Tag & push records for ${sha}> --app-version 1.2.3 --address private --from-ssm`,
    );
    const promote = out.indexOf('Stage: Promote');
    expect(promote).toBeGreaterThan(out.indexOf('Stage: Deploy'));
    for (const moving of ['production', '1.2', '1']) {
      expect(out.indexOf(`${REPOSITORY}:${moving} `)).toBeGreaterThan(promote);
    }
  }, 120_000);

  it('a dry run without the image build tool says loudly that it skips the build', async () => {
    const result = await execa(
      'make',
      [
        '--no-print-directory',
        'pipeline-build',
        'BRANCH=develop',
        'TAG=',
        'PUSH=',
        'CONTAINER_BUILD=no-such-builder build',
      ],
      { cwd: repoRoot, reject: false, env: { MAKEFLAGS: '', MAKELEVEL: '' } },
    );
    expect(result.exitCode).toBe(0);
    expect(stripAnsi(result.stdout)).toContain(
      "SKIPPED: stage Build image: 'no-such-builder' is not installed (set CONTAINER_CLI/CONTAINER_BUILD); a real run (PUSH=1) fails here instead",
    );
  }, 120_000);

  it('an unparsable tag stops the pipeline with one clear error', async () => {
    const result = await pipeline('BRANCH=v1.2', 'TAG=v1.2');
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("error: tag 'v1.2' is not a release tag");
    expect(result.stdout).not.toContain('Stage:');
  }, 120_000);
});
