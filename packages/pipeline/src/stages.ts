import { ShipyardError } from '@shipyard/cli-kit';
import { type ContainerSettings, imageBuildArgs, toolName } from './containers.js';
import type { BuildFacts } from './facts.js';
import { deployCli, serviceDockerfile } from './paths.js';
import { PLACEHOLDER_REPOSITORY } from './publish.js';

/** The Jenkinsfile's stages, in order; `make pipeline` runs the same sequence. */
export const STAGES = [
  { name: 'test', title: 'Test' },
  { name: 'build', title: 'Build image' },
  { name: 'publish', title: 'Tag & push' },
  { name: 'deploy', title: 'Deploy' },
] as const;

export type StageName = (typeof STAGES)[number]['name'];
export const STAGE_NAMES = STAGES.map((s) => s.name);

export interface PipelineOptions {
  /** Build and push for real (PUSH=1); otherwise a dry run. */
  readonly push: boolean;
  /** Deploy for real (DEPLOY=1); otherwise print the command. */
  readonly deploy: boolean;
  /** PIPELINE_SKIP_TEST: `make test` is what runs this (it would run itself). */
  readonly skipTest: boolean;
  /** PIPELINE_SKIP_BUILD: a dry run without building the image. */
  readonly skipBuild: boolean;
  /** Local name of the built image. @default shipyard/service */
  readonly imageName: string;
  /** Registry repository (ECR). */
  readonly repository: string | undefined;
  /** outputs.json for the Deploy stage, when the deploy contract comes from a file. */
  readonly outputs: string | undefined;
  /** Where the Test stage's JUnit XML goes. */
  readonly junitDir: string;
  readonly containers: ContainerSettings;
}

/** What a stage does for one build: run a command, print a dry run, or skip, saying why. */
export type StageAction =
  | { readonly kind: 'skip'; readonly message: string }
  | { readonly kind: 'command'; readonly argv: readonly string[]; readonly env?: Record<string, string> }
  | { readonly kind: 'dry-run'; readonly lines: readonly string[] }
  | { readonly kind: 'publish'; readonly image: string };

const deploysNowhere = (facts: BuildFacts, what: string): StageAction => ({
  kind: 'skip',
  message: `skipped: ${facts.plan.ref} deploys nowhere, so ${what}`,
});

/** The local image a build makes: named after the commit, so every stage agrees on it. */
export const localImage = (facts: BuildFacts, opts: PipelineOptions) => `${opts.imageName}:${facts.sha}`;

/** Decides what one stage does. Pure: tests assert the exact argv; the runner only executes it. */
export function planStage(
  stage: StageName,
  facts: BuildFacts,
  opts: PipelineOptions,
  isInstalled: (tool: string) => boolean,
): StageAction {
  const env = facts.plan.environment;
  switch (stage) {
    case 'test':
      if (opts.skipTest) return { kind: 'skip', message: 'SKIPPED: stage Test (PIPELINE_SKIP_TEST is set)' };
      return { kind: 'command', argv: ['make', 'test'], env: { JUNIT_DIR: opts.junitDir } };
    case 'build': {
      if (!env) return deploysNowhere(facts, 'no image is built');
      const tool = opts.containers.build[0] ?? 'docker';
      if (!opts.push && opts.skipBuild) {
        return {
          kind: 'skip',
          message:
            'SKIPPED: stage Build image (PIPELINE_SKIP_BUILD is set); the push below is a dry run of an image that was not built',
        };
      }
      if (!opts.push && !isInstalled(tool)) {
        return {
          kind: 'skip',
          message: `SKIPPED: stage Build image: '${toolName(tool)}' is not installed (set CONTAINER_CLI/CONTAINER_BUILD); a real run (PUSH=1) fails here instead`,
        };
      }
      return {
        kind: 'command',
        argv: imageBuildArgs(opts.containers, {
          name: opts.imageName,
          tag: facts.sha,
          appVersion: facts.version,
          dockerfile: serviceDockerfile,
        }),
      };
    }
    case 'publish':
      return { kind: 'publish', image: localImage(facts, opts) };
    case 'deploy': {
      if (!env) return deploysNowhere(facts, 'nothing is deployed');
      if (opts.deploy && !opts.repository) {
        throw new ShipyardError(
          'no image repository to deploy from',
          'Set ECR_REPOSITORY_URL (the `ecrRepositoryUrl` output of `make outputs`) or pass REPOSITORY=<url>.',
        );
      }
      const argv = deployArgs(env, `${opts.repository || PLACEHOLDER_REPOSITORY}:${facts.sha}`, opts.outputs);
      if (!opts.deploy) {
        return {
          kind: 'dry-run',
          lines: [`dry run: would run: deploy ${argv.slice(2).join(' ')}`, 'set DEPLOY=1 to deploy'],
        };
      }
      return { kind: 'command', argv };
    }
  }
}

/**
 * The Deploy stage's command. The pipeline runs inside the VPC (on the Jenkins agent), and the
 * app hosts admit SSH only from there, through their private addresses: so `--address private`.
 */
export function deployArgs(env: string, image: string, outputs: string | undefined): string[] {
  return [
    process.execPath,
    deployCli,
    'rollout',
    '--env',
    env,
    '--image',
    image,
    '--address',
    'private',
    ...(outputs ? ['--outputs', outputs] : []),
  ];
}
