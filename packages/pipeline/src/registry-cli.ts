import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import { IMAGE_DIGEST } from '@shipyard/contracts';
import { execa } from 'execa';
import {
  type CliFlavour,
  cliFlavour,
  digestFromPushOutput,
  ecrDockerConfig,
  imageIdArgs,
  manifestInspectArgs,
  pullArgs,
  pushArgs,
  type TagState,
  tagArgs,
  tagState,
} from './registry.js';

const CREDENTIALS_HINT =
  'Check the registry credentials (ECR: the credential helper or `aws ecr get-login-password`) and that it is reachable.';

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

/** Runs the registry commands of registry.ts with the configured container CLI. */
export class RegistryCli {
  private constructor(
    readonly cli: string,
    readonly flavour: CliFlavour,
    private readonly log: (line: string) => void,
    /** Extra environment of every command: DOCKER_CONFIG for ECR, when needed. */
    readonly env: Record<string, string> = {},
  ) {}

  /**
   * Opens the CLI for a repository. docker on ECR gets a client config naming the ECR credential
   * helper for that registry, unless the user has a DOCKER_CONFIG of their own.
   */
  static async open(cli: string, log: (line: string) => void, repository = ''): Promise<RegistryCli> {
    const version = await execa(cli, ['--version'], { reject: false });
    if (version.exitCode !== 0) {
      throw new ShipyardError(
        `the container CLI '${cli}' does not run (${version.code === 'ENOENT' ? 'not installed' : lastLine(version.stderr)})`,
        'Install Docker, or set CONTAINER_CLI=podman.',
      );
    }
    const flavour = cliFlavour(version.stdout);
    const config =
      flavour === 'docker' && !process.env.DOCKER_CONFIG ? ecrDockerConfig(repository) : undefined;
    if (!config) return new RegistryCli(cli, flavour, log);
    const dir = await mkdtemp(join(tmpdir(), 'shipyard-docker-config-'));
    await writeFile(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    log(`    docker gets ECR credentials from the ECR credential helper (DOCKER_CONFIG=${dir})`);
    return new RegistryCli(cli, flavour, log, { DOCKER_CONFIG: dir });
  }

  private async run(argv: string[], what: string): Promise<void> {
    const [command = this.cli, ...args] = argv;
    const result = await execa(command, args, {
      env: this.env,
      reject: false,
      stdout: 'inherit',
      stderr: 'pipe',
    });
    if (result.exitCode !== 0) {
      throw new ShipyardError(`${what} failed: ${lastLine(result.stderr)}`, CREDENTIALS_HINT);
    }
  }

  /** Whether the registry has this tag; refuses to guess when it cannot tell. */
  async state(ref: string): Promise<Exclude<TagState, 'unknown'>> {
    const [command = this.cli, ...args] = manifestInspectArgs(this.cli, ref, this.flavour);
    const result = await execa(command, args, { env: this.env, reject: false });
    const state = tagState(result.exitCode ?? 1, result.stderr);
    if (state === 'unknown') {
      throw new ShipyardError(
        `cannot tell whether ${ref} already exists: ${lastLine(result.stderr)}`,
        CREDENTIALS_HINT,
      );
    }
    return state;
  }

  /** Pulls a tag or digest; false when the registry says it has no such image. */
  async pull(ref: string): Promise<boolean> {
    const [command = this.cli, ...args] = pullArgs(this.cli, ref);
    const result = await execa(command, args, { env: this.env, reject: false });
    const state = tagState(result.exitCode ?? 1, result.stderr);
    if (state === 'unknown') {
      throw new ShipyardError(`cannot pull ${ref}: ${lastLine(result.stderr)}`, CREDENTIALS_HINT);
    }
    return state === 'exists';
  }

  async tag(source: string, target: string): Promise<void> {
    await this.run(tagArgs(this.cli, source, target), `${this.cli} tag ${source} ${target}`);
  }

  async imageId(ref: string): Promise<string> {
    const [command = this.cli, ...args] = imageIdArgs(this.cli, ref);
    const result = await execa(command, args, { env: this.env, reject: false });
    if (result.exitCode !== 0) {
      throw new ShipyardError(`cannot inspect ${ref}: ${lastLine(result.stderr)}`, 'Pull it first.');
    }
    return result.stdout.trim().replace(/^sha256:/, '');
  }

  /** Pushes a tag and returns the digest of the manifest the registry now holds for it. */
  async push(ref: string): Promise<string> {
    this.log(`==> Push ${ref}`);
    const started = performance.now();
    const dir = await mkdtemp(join(tmpdir(), 'shipyard-push-'));
    try {
      const digestFile = join(dir, 'digest');
      const [command = this.cli, ...args] = pushArgs(this.cli, this.flavour, ref, digestFile);
      // The push's progress is shown as it comes; docker's stdout is also kept for its digest line.
      const result = await execa(command, args, {
        env: this.env,
        reject: false,
        stdout: ['pipe', 'inherit'],
        stderr: ['pipe', 'inherit'],
      });
      if (result.exitCode !== 0) {
        throw new ShipyardError(`pushing ${ref} failed: ${lastLine(result.stderr)}`, CREDENTIALS_HINT);
      }
      const digest =
        this.flavour === 'podman'
          ? (await readFile(digestFile, 'utf8').catch(() => '')).trim()
          : digestFromPushOutput(result.stdout);
      if (!digest || !IMAGE_DIGEST.test(digest)) {
        throw new ShipyardError(
          `pushed ${ref}, but ${this.cli} did not report the digest the registry holds for it`,
          `Without it the deploy cannot name the exact image. ${this.flavour === 'docker' ? 'Expected a line "<tag>: digest: sha256:… size: N" from docker push.' : 'Expected podman push --digestfile to write it.'}`,
        );
      }
      this.log(`    ${ref} is ${digest} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      return digest;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
