import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { imageTags } from '../../src/pipeline/image-tags.js';
import { planRef } from '../../src/pipeline/ref.js';
import { pushSteps, tagState } from '../../src/pipeline/registry.js';
import { buildCli, repoRoot, runCli } from './helpers.js';

// These tests start real tools (git, make, a JVM, podman); a loaded CI machine needs headroom.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

describe('push steps', () => {
  it('checks and pushes the immutable version first, then the moving tags', () => {
    const steps = pushSteps(
      'docker',
      'shipyard/service:abc',
      'reg/svc',
      imageTags(planRef({ tag: 'v1.2.3' }), 'abc'),
    );
    expect(steps.map((s) => s.argv.join(' '))).toEqual([
      'docker manifest inspect reg/svc:1.2.3',
      'docker tag shipyard/service:abc reg/svc:1.2.3',
      'docker push reg/svc:1.2.3',
      'docker tag shipyard/service:abc reg/svc:abc',
      'docker push reg/svc:abc',
      'docker tag shipyard/service:abc reg/svc:production',
      'docker push reg/svc:production',
      'docker tag shipyard/service:abc reg/svc:1.2',
      'docker push reg/svc:1.2',
      'docker tag shipyard/service:abc reg/svc:1',
      'docker push reg/svc:1',
    ]);
  });

  it.each([
    [0, '', 'exists'],
    [1, 'no such manifest: reg/svc:1.2.3', 'missing'],
    [125, 'reading manifest 1.2.3 in reg/svc: manifest unknown: manifest unknown', 'missing'],
    [125, 'parsing manifest blob: Treating single images as manifest lists is not implemented', 'exists'],
    [1, 'no basic auth credentials', 'unknown'],
    [125, 'dial tcp 127.0.0.1:5000: connect: connection refused', 'unknown'],
  ] as const)('manifest inspect exit %i "%s" means %s', (code, stderr, state) => {
    expect(tagState(code, stderr)).toBe(state);
  });
});

// The real thing: podman pushes to a local registry (docker-registry) on a loopback port.
const PORT = 47613;
const REPOSITORY = `127.0.0.1:${PORT}/pipeline-test`;
const LOCAL_IMAGE = 'localhost/shipyard-pipeline-test:local';
let dir: string;
let registry: ResultPromise | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  await buildCli();
  dir = await mkdtemp(join(tmpdir(), 'shipyard-registry-'));
  await writeFile(
    join(dir, 'config.yml'),
    `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${PORT}\n`,
  );
  await writeFile(
    join(dir, 'registries.conf'),
    `[[registry]]\nlocation = "127.0.0.1:${PORT}"\ninsecure = true\n`,
  );
  env = { CONTAINERS_REGISTRIES_CONF: join(dir, 'registries.conf') };
  registry = execa('docker-registry', ['serve', join(dir, 'config.yml')], { reject: false });
  for (let i = 0; i < 50; i++) {
    const ping = await execa('curl', ['-fsS', `http://127.0.0.1:${PORT}/v2/`], { reject: false });
    if (ping.exitCode === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  // A one-file image from scratch: no base image to pull, no container to run.
  await writeFile(join(dir, 'hello.txt'), 'hello\n');
  const container = (await execa('buildah', ['from', 'scratch'])).stdout.trim();
  await execa('buildah', ['copy', container, join(dir, 'hello.txt'), '/hello.txt']);
  await execa('buildah', ['commit', '--quiet', container, LOCAL_IMAGE]);
  await execa('buildah', ['rm', container]);
}, 120_000);

afterAll(async () => {
  registry?.kill();
  // By ID, so the tags the push added go with it.
  const id = await execa('podman', ['image', 'inspect', '--format', '{{.Id}}', LOCAL_IMAGE], {
    reject: false,
  });
  if (id.exitCode === 0) await execa('podman', ['rmi', '--force', id.stdout.trim()], { reject: false });
  await rm(dir, { recursive: true, force: true });
});

const push = () =>
  runCli(
    [
      'tags',
      '--tag',
      'v9.8.7',
      '--image',
      LOCAL_IMAGE,
      '--repository',
      REPOSITORY,
      '--cli',
      'podman',
      '--push',
    ],
    repoRoot,
    env,
  );
const registryTags = async () =>
  JSON.parse((await execa('curl', ['-fsS', `http://127.0.0.1:${PORT}/v2/pipeline-test/tags/list`])).stdout)
    .tags as string[];

describe('tags --push against a real registry', () => {
  it('pushes every tag once, then refuses to overwrite the release version', async () => {
    const sha = (await execa('git', ['rev-parse', 'HEAD'], { cwd: repoRoot })).stdout;
    const first = await push();
    // podman reports its progress on stderr; an error would end the run with exit 1.
    expect(first.stderr).not.toContain('error:');
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain(`${REPOSITORY}:9.8.7 is new`);
    expect((await registryTags()).sort()).toEqual(['9', '9.8', '9.8.7', 'production', sha].sort());

    const second = await push();
    expect(second.exitCode).toBe(1);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toContain(
      `error: refusing to overwrite ${REPOSITORY}:9.8.7: release versions are immutable and this one is already in the registry`,
    );
    expect(second.stdout).not.toContain('==> Push');
  }, 120_000);

  it('stops when the registry cannot be asked, rather than pushing blind', async () => {
    const result = await runCli(
      [
        'tags',
        '--tag',
        'v9.8.8',
        '--image',
        LOCAL_IMAGE,
        '--repository',
        '127.0.0.1:47614/none',
        '--cli',
        'podman',
        '--push',
      ],
      repoRoot,
      env,
    );
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error: cannot tell whether 127.0.0.1:47614/none:9.8.8 already exists');
  }, 120_000);
});
