import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { containerSettings } from '../src/containers.js';
import { requiredTools } from '../src/doctor.js';
import { repoRoot } from './helpers.js';

// The Jenkins agent image (jenkins/agent/) is not a package; its seams are checked here, on the
// files themselves. CI builds the image for real (.ci/agent-image.sh); these checks cover what a
// successful build does not prove: that it stays pinned and in step with the repository.
const agentDir = path.join(repoRoot, 'jenkins', 'agent');
const read = (...parts: string[]) => fs.readFileSync(path.join(...parts), 'utf8');

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(dockerfile: string): Instruction[] {
  const logical = dockerfile
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return logical
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** Default values of the ARGs declared before the first FROM (the ones FROM may use). */
function globalArgs(dockerfile: string): Map<string, string> {
  const args = new Map<string, string>();
  for (const { keyword, args: text } of instructions(dockerfile)) {
    if (keyword === 'FROM') break;
    const [name = '', value = ''] = text.split('=', 2);
    if (keyword === 'ARG') args.set(name, value);
  }
  return args;
}

/** Problems with the FROM lines: a literal image, or a final stage not built on BASE_IMAGE. */
function fromProblems(dockerfile: string): string[] {
  const problems: string[] = [];
  const stages: string[] = [];
  const froms = instructions(dockerfile).filter((i) => i.keyword === 'FROM');
  for (const { args } of froms) {
    const [image = '', , stage] = args.split(/\s+/);
    const fromArg = /^\$\{[A-Z_]+\}$/.test(image);
    if (!fromArg && !stages.includes(image)) problems.push(`FROM ${image} is neither an ARG nor a stage`);
    if (stage) stages.push(stage);
  }
  const last = froms.at(-1)?.args.split(/\s+/)[0];
  if (last !== '${BASE_IMAGE}') problems.push(`the final stage is FROM ${last}, not FROM \${BASE_IMAGE}`);
  return problems;
}

/** Image ARG defaults without an explicit version (no tag, or `latest`). */
function unpinnedImages(dockerfile: string): string[] {
  return [...globalArgs(dockerfile)]
    .filter(([name]) => name.endsWith('_IMAGE'))
    .filter(([, image]) => {
      const tag = /:([^/@]+)(@sha256:[0-9a-f]{64})?$/.exec(image)?.[1];
      return !tag || tag === 'latest' || !/\d/.test(tag);
    })
    .map(([name, image]) => `${name}=${image}`);
}

/** Debian packages installed without an exact `=version`. */
function unpinnedPackages(dockerfile: string): string[] {
  const unpinned: string[] = [];
  for (const { keyword, args } of instructions(dockerfile)) {
    if (keyword !== 'RUN') continue;
    for (const command of args.split(/&&|;|\|\|/)) {
      const words = command.trim().split(/\s+/);
      const install = words.indexOf('install');
      if (!/^apt(-get)?$/.test(words[0] ?? '') || install < 0) continue;
      for (const word of words.slice(install + 1)) {
        if (!word.startsWith('-') && !/^[a-z0-9][a-z0-9+.-]*=[0-9][^=\s]*$/.test(word)) unpinned.push(word);
      }
    }
  }
  return unpinned;
}

/** The user the image ends on. */
function finalUser(dockerfile: string): string | undefined {
  return instructions(dockerfile)
    .filter((i) => i.keyword === 'USER')
    .at(-1)?.args;
}

/** The tools `make doctor` requires on a machine whose engine CLI is docker, as in the image. */
function doctorTools(): string[] {
  return requiredTools(containerSettings({ CONTAINER_CLI: 'docker' })).map((t) => t.command);
}

/** The required tools that `inImage` lacks. */
function missingFromImage(required: string[], inImage: string[]): string[] {
  return required.filter((tool) => !inImage.includes(tool));
}

/** The tools check-tools.sh requires in the image. */
function imageTools(checkTools: string): string[] {
  return [...checkTools.matchAll(/\[([a-z0-9.-]+)\]=/g)].map((m) => m[1] ?? '');
}

const dockerfile = read(agentDir, 'Dockerfile');

describe('jenkins/agent/Dockerfile', () => {
  it('builds every stage from an image ARG or an earlier stage, and ships the BASE_IMAGE one', () => {
    expect(fromProblems(dockerfile)).toEqual([]);
    expect(globalArgs(dockerfile).get('BASE_IMAGE')).toMatch(
      /^debian:bookworm-\d{8}-slim(@sha256:[0-9a-f]{64})?$/,
    );
    expect(fromProblems('FROM debian:bookworm-slim\n')).toEqual([
      'FROM debian:bookworm-slim is neither an ARG nor a stage',
      'the final stage is FROM debian:bookworm-slim, not FROM ${BASE_IMAGE}',
    ]);
  });

  it('pins every image it pulls to a version, never latest', () => {
    expect([...globalArgs(dockerfile).keys()]).toEqual(
      expect.arrayContaining(['BASE_IMAGE', 'NODE_IMAGE', 'TERRAFORM_IMAGE']),
    );
    expect(unpinnedImages(dockerfile)).toEqual([]);
    expect(dockerfile).not.toMatch(/:latest\b/);
    expect(
      unpinnedImages(
        'ARG A_IMAGE=node:latest\nARG B_IMAGE=node\nARG C_IMAGE=node:lts-slim\nFROM ${A_IMAGE}\n',
      ),
    ).toEqual(['A_IMAGE=node:latest', 'B_IMAGE=node', 'C_IMAGE=node:lts-slim']);
  });

  it('pins every Debian package to an exact version', () => {
    expect(unpinnedPackages(dockerfile)).toEqual([]);
    expect(dockerfile).toMatch(/apt-get install -y --no-install-recommends/);
    expect(
      unpinnedPackages('FROM x\nRUN apt-get update \\\n && apt-get install -y curl=7.88.1-10 git jq=\n'),
    ).toEqual(['git', 'jq=']);
  });

  it('ends as the unprivileged jenkins user, uid 1000 unless the build says otherwise', () => {
    expect(finalUser(dockerfile)).toBe('jenkins');
    expect(dockerfile).toMatch(/^ARG AGENT_UID=1000$/m);
    expect(dockerfile).toMatch(/useradd --uid "\$AGENT_UID"/);
    expect(finalUser('FROM x\nUSER jenkins\nUSER root\n')).toBe('root');
  });

  it('installs the pnpm of the root package.json packageManager', () => {
    const packageManager = JSON.parse(read(repoRoot, 'package.json')).packageManager as string;
    expect(dockerfile).toContain(`ARG PNPM_VERSION=${packageManager.replace(/^pnpm@/, '')}\n`);
  });

  it('bakes the hashicorp/aws version packages/infra generates its bindings from', () => {
    const provider = JSON.parse(read(require.resolve('@cdktf/provider-aws/package.json'))).cdktf.provider as {
      name: string;
      version: string;
    };
    const lock = read(agentDir, 'terraform', '.terraform.lock.hcl');
    expect(lock).toContain(`provider "${provider.name}" {\n  version     = "${provider.version}"`);
    expect(read(agentDir, 'terraform', 'versions.tf')).toContain(`version = "${provider.version}"`);
  });

  it('checks at build time every tool make doctor asks for (the engine through docker)', () => {
    const required = doctorTools();
    expect(required).toEqual(expect.arrayContaining(['terraform', 'ansible-playbook', 'groovy']));
    const inImage = imageTools(read(agentDir, 'check-tools.sh'));
    expect(inImage).toContain('docker');
    expect(missingFromImage(required, inImage)).toEqual([]);
    expect(missingFromImage(['git', 'docker', 'helm'], ['git', 'docker'])).toEqual(['helm']);
    expect(required).not.toContain('podman');
  });
});
