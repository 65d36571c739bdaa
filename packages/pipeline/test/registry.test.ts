import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { containerSettings, imageBuildArgs } from '../src/containers.js';
import { imageTags } from '../src/image-tags.js';
import { planRef } from '../src/ref.js';
import { pushSteps, tagState } from '../src/registry.js';
import { buildCli, repoRoot, runCli } from './helpers.js';

// These tests start real tools (git, a container CLI, a registry); a loaded CI machine needs headroom.
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

// The real thing: the configured container CLI (docker unless CONTAINER_CLI says otherwise)
// pushes to a local registry (docker-registry) on a loopback port.
const PORT = 47613;
const REPOSITORY = `127.0.0.1:${PORT}/pipeline-test`;
const IMAGE_NAME = 'shipyard-pipeline-test';
const containers = containerSettings(process.env);
let dir: string;
let registry: ResultPromise | undefined;
let env: Record<string, string>;
let sha: string;

async function registryAnswers(): Promise<boolean> {
  return fetch(`http://127.0.0.1:${PORT}/v2/`).then(
    (r) => r.ok,
    () => false,
  );
}

beforeAll(async () => {
  await buildCli();
  sha = (await execa('git', ['rev-parse', 'HEAD'], { cwd: repoRoot })).stdout;
  dir = await mkdtemp(join(tmpdir(), 'shipyard-registry-'));
  await writeFile(
    join(dir, 'config.yml'),
    `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${PORT}\n`,
  );
  // Docker allows plain HTTP to 127.0.0.0/8 by default; podman reads it from registries.conf.
  await writeFile(
    join(dir, 'registries.conf'),
    `[[registry]]\nlocation = "127.0.0.1:${PORT}"\ninsecure = true\n`,
  );
  env = { CONTAINERS_REGISTRIES_CONF: join(dir, 'registries.conf') };
  registry = execa('docker-registry', ['serve', join(dir, 'config.yml')], { reject: false });
  for (let i = 0; i < 50 && !(await registryAnswers()); i++) await new Promise((r) => setTimeout(r, 100));
  // A one-file image from scratch, built the way the pipeline builds: no base image to pull.
  await writeFile(join(dir, 'hello.txt'), 'hello\n');
  await writeFile(join(dir, 'Containerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\n');
  const [command = 'docker', ...args] = imageBuildArgs(
    { ...containers, nodeImage: undefined },
    { name: IMAGE_NAME, tag: sha, dockerfile: join(dir, 'Containerfile'), context: dir },
  );
  await execa(command, args);
}, 120_000);

afterAll(async () => {
  registry?.kill();
  // By ID, so the tags the push added go with it.
  const id = await execa(
    containers.cli,
    ['image', 'inspect', '--format', '{{.Id}}', `${IMAGE_NAME}:${sha}`],
    {
      reject: false,
    },
  );
  if (id.exitCode === 0) await execa(containers.cli, ['rmi', '--force', id.stdout.trim()], { reject: false });
  await rm(dir, { recursive: true, force: true });
});

const publish = (tag: string, repository: string) =>
  runCli(
    ['stage', 'publish', '--tag', tag, '--image-name', IMAGE_NAME, '--repository', repository, '--push'],
    repoRoot,
    env,
  );
const registryTags = async () =>
  ((await (await fetch(`http://127.0.0.1:${PORT}/v2/pipeline-test/tags/list`)).json()) as { tags: string[] })
    .tags;

describe('stage publish --push against a real registry', () => {
  it('pushes every tag once, then refuses to overwrite the release version', async () => {
    const first = await publish('v9.8.7', REPOSITORY);
    // The CLI reports its progress on stderr; an error would end the run with exit 1.
    expect(first.stderr).not.toContain('error:');
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain(`${REPOSITORY}:9.8.7 is new`);
    expect((await registryTags()).sort()).toEqual(['9', '9.8', '9.8.7', 'production', sha].sort());

    const second = await publish('v9.8.7', REPOSITORY);
    expect(second.exitCode).toBe(1);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toContain(
      `error: refusing to overwrite ${REPOSITORY}:9.8.7: release versions are immutable and this one is already in the registry`,
    );
    expect(second.stdout).not.toContain('==> Push');
  }, 120_000);

  it('stops when the registry cannot be asked, rather than pushing blind', async () => {
    const result = await publish('v9.8.8', '127.0.0.1:47614/none');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('error: cannot tell whether 127.0.0.1:47614/none:9.8.8 already exists');
  }, 120_000);
});
