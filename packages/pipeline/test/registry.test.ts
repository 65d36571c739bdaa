import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { containerSettings, imageBuildArgs } from '../src/containers.js';
import {
  cliFlavour,
  digestFromPushOutput,
  ecrDockerConfig,
  manifestInspectArgs,
  pushArgs,
  tagState,
} from '../src/registry.js';
import { buildCli, fixtures, runCli } from './helpers.js';
import { jenkinsCheckout, originAndClone, type ScratchGit } from './scratch-git.js';

// These tests start real tools (git, a container CLI, a registry); a loaded CI machine needs headroom.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service';

describe('registry commands', () => {
  it('tells podman (also behind a docker name) from docker', () => {
    expect(cliFlavour('podman version 4.3.1')).toBe('podman');
    expect(cliFlavour('Docker version 28.2.2, build e6534b4')).toBe('docker');
  });

  it('asks podman for the pushed digest in a file, and reads docker’s from its output', () => {
    expect(pushArgs('podman', 'podman', 'reg/svc:abc', '/tmp/d')).toEqual([
      'podman',
      'push',
      '--digestfile',
      '/tmp/d',
      'reg/svc:abc',
    ]);
    expect(pushArgs('docker', 'docker', 'reg/svc:abc', '/tmp/d')).toEqual(['docker', 'push', 'reg/svc:abc']);
    const dockerPush = [
      'The push refers to repository [123456789012.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service]',
      '5f70bf18a086: Pushed',
      `abc: digest: ${DIGEST} size: 528`,
    ].join('\n');
    expect(digestFromPushOutput(dockerPush)).toBe(DIGEST);
    expect(digestFromPushOutput('5f70bf18a086: Pushed\n')).toBeUndefined();
  });

  it.each([
    [
      'docker',
      '127.0.0.1:47613/svc:1.2.3',
      ['docker', 'manifest', 'inspect', '--insecure', '127.0.0.1:47613/svc:1.2.3'],
    ],
    ['docker', 'localhost/svc:1', ['docker', 'manifest', 'inspect', '--insecure', 'localhost/svc:1']],
    ['docker', `${ECR}:1.2.3`, ['docker', 'manifest', 'inspect', `${ECR}:1.2.3`]],
    ['podman', '127.0.0.1:47613/svc:1.2.3', ['podman', 'manifest', 'inspect', '127.0.0.1:47613/svc:1.2.3']],
  ] as const)(
    '%s asks about %s without mistaking a plain-HTTP registry for an empty one',
    (flavour, ref, argv) => {
      expect(manifestInspectArgs(flavour, ref, flavour)).toEqual(argv);
    },
  );

  it('sends docker to the ECR credential helper for the ECR registry only', () => {
    expect(ecrDockerConfig(ECR)).toEqual({
      credHelpers: { '123456789012.dkr.ecr.eu-west-1.amazonaws.com': 'ecr-login' },
    });
    expect(ecrDockerConfig('127.0.0.1:47613/svc')).toBeUndefined();
    expect(ecrDockerConfig('ghcr.io/acme/svc')).toBeUndefined();
  });

  it.each([
    [0, '', 'exists'],
    [1, 'no such manifest: reg/svc:1.2.3', 'missing'],
    [125, 'reading manifest 1.2.3 in reg/svc: manifest unknown: manifest unknown', 'missing'],
    [1, 'Error response from daemon: manifest for reg/svc:abc not found: manifest unknown', 'missing'],
    [125, 'parsing manifest blob: Treating single images as manifest lists is not implemented', 'exists'],
    [1, 'no basic auth credentials', 'unknown'],
    [125, 'dial tcp 127.0.0.1:5000: connect: connection refused', 'unknown'],
  ] as const)('manifest inspect or pull, exit %i "%s", means %s', (code, stderr, state) => {
    expect(tagState(code, stderr)).toBe(state);
  });
});

// The real thing: the configured container CLI (docker unless CONTAINER_CLI says otherwise)
// against a local registry (docker-registry) on a loopback port, driven stage by stage as the
// Jenkinsfile drives it, in git checkouts made the way Jenkins makes them.
const PORT = 47613;
const HOST = `127.0.0.1:${PORT}`;
const REPOSITORY = `${HOST}/pipeline-test`;
const IMAGE_NAME = 'shipyard-pipeline-test';
const containers = containerSettings(process.env);
let dir: string;
let registry: ResultPromise | undefined;
let env: Record<string, string>;
let work: ScratchGit;
const imageIds: string[] = [];

async function registryAnswers(): Promise<boolean> {
  return fetch(`http://${HOST}/v2/`).then(
    (r) => r.ok,
    () => false,
  );
}

/** A one-file image from scratch, built the way the pipeline builds: no base image to pull. */
async function buildImage(tag: string, content: string): Promise<void> {
  const context = await mkdtemp(join(dir, 'image-'));
  await writeFile(join(context, 'content.txt'), `${content}\n`);
  await writeFile(join(context, 'Containerfile'), 'FROM scratch\nCOPY content.txt /content.txt\n');
  const [command = 'docker', ...args] = imageBuildArgs(
    { ...containers, nodeImage: undefined },
    { name: IMAGE_NAME, tag, dockerfile: join(context, 'Containerfile'), context },
  );
  await execa(command, args);
  const id = await execa(containers.cli, ['image', 'inspect', '--format', '{{.Id}}', `${IMAGE_NAME}:${tag}`]);
  imageIds.push(id.stdout.trim());
}

/** What the registry itself says a tag points at. */
async function digestOf(tag: string): Promise<string | undefined> {
  const res = await fetch(`http://${HOST}/v2/pipeline-test/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      Accept: [
        'application/vnd.docker.distribution.manifest.v2+json',
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
        'application/vnd.oci.image.index.v1+json',
      ].join(', '),
    },
  });
  return res.ok ? (res.headers.get('docker-content-digest') ?? undefined) : undefined;
}

const registryTags = async () =>
  ((await (await fetch(`http://${HOST}/v2/pipeline-test/tags/list`)).json()) as { tags: string[] | null })
    .tags ?? [];

beforeAll(async () => {
  await buildCli();
  dir = await mkdtemp(join(tmpdir(), 'shipyard-registry-'));
  await writeFile(
    join(dir, 'config.yml'),
    `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\n  delete:\n    enabled: true\nhttp:\n  addr: ${HOST}\n`,
  );
  // Docker allows plain HTTP to 127.0.0.0/8 by default; podman reads it from registries.conf.
  await writeFile(join(dir, 'registries.conf'), `[[registry]]\nlocation = "${HOST}"\ninsecure = true\n`);
  // A build stand-in that leaves a mark: a release build must never run it.
  const builder = join(dir, 'build-stand-in');
  await writeFile(builder, `#!/bin/sh\ntouch '${dir}/built'\nexit 1\n`);
  await chmod(builder, 0o755);
  env = {
    CONTAINERS_REGISTRIES_CONF: join(dir, 'registries.conf'),
    CONTAINER_BUILD: builder,
    DEPLOY_RECORDER_LOG: join(dir, 'deploys.jsonl'),
    // A Jenkins build running these tests must not hand them its own ref or registry.
    BRANCH_NAME: '',
    TAG_NAME: '',
    ECR_REPOSITORY_URL: '',
  };
  registry = execa('docker-registry', ['serve', join(dir, 'config.yml')], { reject: false });
  for (let i = 0; i < 50 && !(await registryAnswers()); i++) await new Promise((r) => setTimeout(r, 100));
  work = await originAndClone(dir, 'main');
}, 180_000);

afterAll(async () => {
  registry?.kill();
  // By ID, so every tag the stages added (and the pulls) go with them.
  for (const id of imageIds) await execa(containers.cli, ['rmi', '--force', id], { reject: false });
  await rm(dir, { recursive: true, force: true });
});

/** One stage as the Jenkinsfile runs it (`make pipeline-<stage>`), in a checkout. */
const stage = (checkout: ScratchGit, args: string[], extraEnv: Record<string, string> = {}) =>
  runCli(
    [
      ...args,
      '--image-name',
      IMAGE_NAME,
      '--repository',
      REPOSITORY,
      '--image-record',
      join(checkout.dir, 'reports/pipeline-image.json'),
      '--deploy-cli',
      join(fixtures, 'deploy-recorder.mjs'),
    ],
    checkout.dir,
    { ...env, ...extraEnv },
  );

async function deploysRecorded(): Promise<string[][]> {
  const text = await readFile(env.DEPLOY_RECORDER_LOG ?? '', 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as string[]);
}
const lastDeploy = async () => (await deploysRecorded()).at(-1);

/** Pushes an image as the production tag by hand: what production ran before these tests. */
async function seedProduction(): Promise<string> {
  await buildImage('seed', 'the release production ran before');
  await execa(containers.cli, ['tag', `${IMAGE_NAME}:seed`, `${REPOSITORY}:production`]);
  await execa(containers.cli, ['push', `${REPOSITORY}:production`], { env });
  const digest = await digestOf('production');
  if (!digest) throw new Error('the seed push left no production tag');
  return digest;
}

describe('stage by stage against a real registry', () => {
  let seeded: string;
  let firstDigest: string;
  let first: string;
  let mainBuild: ScratchGit;

  it('a main build pushes only <sha>, and records the digest the registry holds for it', async () => {
    seeded = await seedProduction();
    first = await work.git('rev-parse', 'HEAD');
    mainBuild = await jenkinsCheckout(dir, 'main-build', ['+refs/heads/*:refs/remotes/origin/*'], first);
    await buildImage(first, 'first');

    const result = await stage(mainBuild, ['stage', 'publish', '--branch', 'main', '--push']);
    expect(result.stderr).not.toContain('error:');
    expect(result.exitCode).toBe(0);
    expect((await registryTags()).sort()).toEqual([first, 'production'].sort());
    // No environment tag moves before the deploy.
    expect(await digestOf('production')).toBe(seeded);
    firstDigest = (await digestOf(first)) ?? '';
    expect(firstDigest).toMatch(/^sha256:[a-f0-9]{64}$/);
    const record = JSON.parse(await readFile(join(mainBuild.dir, 'reports/pipeline-image.json'), 'utf8'));
    expect(record).toMatchObject({
      digest: firstDigest,
      image: `${REPOSITORY}@${firstDigest}`,
      pushed: [first],
    });
  });

  it('a failed deploy moves no tag, and Promote refuses', async () => {
    const deploy = await stage(mainBuild, ['stage', 'deploy', '--branch', 'main', '--deploy'], {
      DEPLOY_RECORDER_EXIT: '1',
    });
    expect(deploy.exitCode).toBe(1);
    expect(deploy.stderr).toContain('error: stage Deploy failed:');
    const promote = await stage(mainBuild, ['stage', 'promote', '--branch', 'main', '--deploy']);
    expect(promote.exitCode).toBe(1);
    expect(promote.stderr.trim().split('\n')).toHaveLength(1);
    expect(promote.stderr).toContain(
      `error: refusing to move the production tags: no successful deploy of ${REPOSITORY}@${firstDigest} to production is recorded`,
    );
    expect(await digestOf('production')).toBe(seeded);
    expect(await registryTags()).not.toContain('production-previous');
  });

  it('the Deploy stage deploys that exact digest; Promote then moves production and production-previous', async () => {
    const deploy = await stage(mainBuild, ['stage', 'deploy', '--branch', 'main', '--deploy']);
    expect(deploy.exitCode).toBe(0);
    const version = (await runCli(['version', '--branch', 'main'], mainBuild.dir, env)).stdout.trim();
    expect(version).toMatch(/^\d+\.\d+\.\d+-main\./);
    // Provision first (a new or replaced host gets Docker), then the roll-out of the digest, which
    // reports the build's version. No outputs file: the deploy tool reads the contract from SSM,
    // whatever file a reused workspace holds.
    expect((await deploysRecorded()).slice(-2)).toEqual([
      ['provision', '--env', 'production', '--address', 'private', '--from-ssm'],
      [
        'rollout',
        '--env',
        'production',
        '--image',
        `${REPOSITORY}@${firstDigest}`,
        '--app-version',
        version,
        '--address',
        'private',
        '--from-ssm',
      ],
    ]);
    // Until Promote runs, production is what it was.
    expect(await digestOf('production')).toBe(seeded);

    const promote = await stage(mainBuild, ['stage', 'promote', '--branch', 'main', '--deploy']);
    expect(promote.stderr).not.toContain('error:');
    expect(promote.exitCode).toBe(0);
    expect(await digestOf('production')).toBe(firstDigest);
    expect(await digestOf('production-previous')).toBe(seeded);
    expect((await registryTags()).sort()).toEqual([first, 'production', 'production-previous'].sort());

    // A re-run (a replayed build) keeps the rollback tag on the release before, not on itself.
    const again = await stage(mainBuild, ['stage', 'promote', '--branch', 'main', '--deploy']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('already points at this image');
    expect(await digestOf('production')).toBe(firstDigest);
    expect(await digestOf('production-previous')).toBe(seeded);
  });

  let second: string;
  let secondDigest: string;

  it('a main build of a released commit pushes <sha> but leaves production to the tag build', async () => {
    second = await work.commit('fix: second');
    await work.git('push', '--quiet', 'origin', 'main');
    // Jenkins checks main out before the tag is pushed: only the remote knows the commit is released.
    const build = await jenkinsCheckout(dir, 'main-build-2', ['+refs/heads/*:refs/remotes/origin/*'], second);
    await work.release('v1.4.0');
    await buildImage(second, 'second');

    const deploysBefore = (await deploysRecorded()).length;
    const publish = await stage(build, ['stage', 'publish', '--branch', 'main', '--push']);
    expect(publish.exitCode).toBe(0);
    secondDigest = (await digestOf(second)) ?? '';
    expect(secondDigest).toMatch(/^sha256:/);
    expect(secondDigest).not.toBe(firstDigest);

    const deploy = await stage(build, ['stage', 'deploy', '--branch', 'main', '--deploy']);
    expect(deploy.exitCode).toBe(0);
    expect(deploy.stdout).toContain(
      `skipped: commit ${second} is released as v1.4.0, and the build of that tag deploys production: a release deploys production once`,
    );
    const promote = await stage(build, ['stage', 'promote', '--branch', 'main', '--deploy']);
    expect(promote.exitCode).toBe(0);
    expect(promote.stdout).toContain('skipped: commit');
    expect((await deploysRecorded()).length).toBe(deploysBefore);
    expect(await digestOf('production')).toBe(firstDigest);
  });

  it('the tag build promotes that image: no build, X.Y.Z on the same digest, then production, X.Y and X', async () => {
    // A tag build's checkout: the tag and no branch, so the main-branch rule has to fetch main.
    const build = await jenkinsCheckout(dir, 'tag-build', ['+refs/tags/v1.4.0:refs/tags/v1.4.0'], 'v1.4.0');
    const result = await stage(build, [
      'run',
      '--tag',
      'v1.4.0',
      '--skip-test',
      '--push',
      '--deploy',
      '--wait-for-image',
      '0',
    ]);
    expect(result.stderr).not.toContain('error:');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      `SKIPPED: stage Build image: release tag v1.4.0 promotes the image the main branch build pushed for ${second}; nothing is rebuilt`,
    );
    expect(result.stdout).toContain(`${second} is on main`);
    await expect(readFile(join(dir, 'built'))).rejects.toThrow();
    expect(await digestOf('1.4.0')).toBe(secondDigest);
    expect(await lastDeploy()).toEqual([
      'rollout',
      '--env',
      'production',
      '--image',
      `${REPOSITORY}@${secondDigest}`,
      '--app-version',
      '1.4.0',
      '--address',
      'private',
      '--from-ssm',
    ]);
    expect(await digestOf('production')).toBe(secondDigest);
    expect(await digestOf('production-previous')).toBe(firstDigest);
    expect(await digestOf('1.4')).toBe(secondDigest);
    expect(await digestOf('1')).toBe(secondDigest);
    expect(await digestOf(second)).toBe(secondDigest);
  });

  it('a second build of the same release is refused: X.Y.Z never changes', async () => {
    const build = await jenkinsCheckout(
      dir,
      'tag-build-again',
      ['+refs/tags/v1.4.0:refs/tags/v1.4.0'],
      'v1.4.0',
    );
    const result = await stage(build, [
      'stage',
      'publish',
      '--tag',
      'v1.4.0',
      '--push',
      '--wait-for-image',
      '0',
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(
      `error: refusing to overwrite ${REPOSITORY}:1.4.0: release versions are immutable and this one is already in the registry`,
    );
    expect(await digestOf('1.4.0')).toBe(secondDigest);
  });

  it('a release tag whose commit main never built is refused with one line: build main first', async () => {
    const third = await work.commit('fix: third');
    await work.git('push', '--quiet', 'origin', 'main');
    await work.release('v1.4.1');
    const build = await jenkinsCheckout(
      dir,
      'tag-build-unbuilt',
      ['+refs/tags/v1.4.1:refs/tags/v1.4.1'],
      'v1.4.1',
    );
    const result = await stage(build, [
      'stage',
      'publish',
      '--tag',
      'v1.4.1',
      '--push',
      '--wait-for-image',
      '0',
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(
      `error: no image for commit ${third} in the registry (${REPOSITORY}:${third}): build main first`,
    );
    expect(await registryTags()).not.toContain('1.4.1');
  });

  it('stops when the registry cannot be asked, rather than pushing blind', async () => {
    const result = await runCli(
      [
        'stage',
        'publish',
        '--tag',
        'v9.8.8-rc.1',
        '--image-name',
        IMAGE_NAME,
        '--repository',
        '127.0.0.1:47614/none',
        '--push',
        '--image-record',
        join(dir, 'none.json'),
      ],
      work.dir,
      env,
    );
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(
      'error: cannot tell whether 127.0.0.1:47614/none:9.8.8-rc.1 already exists',
    );
  });
});
