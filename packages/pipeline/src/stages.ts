import { ShipyardError } from '@shipyard/cli-kit';
import type { Environment } from '@shipyard/contracts';
import { type ContainerSettings, imageBuildArgs, toolName } from './containers.js';
import type { BuildFacts } from './facts.js';
import { type ImageRecord, missingImageRecord } from './image-record.js';
import type { ImageTags } from './image-tags.js';
import { serviceDockerfile } from './paths.js';
import { promoteDryRun } from './promote.js';
import { PLACEHOLDER_REPOSITORY } from './publish.js';

/** The Jenkinsfile's stages, in order; `make pipeline` runs the same sequence. */
export const STAGES = [
  { name: 'test', title: 'Test' },
  { name: 'build', title: 'Build image' },
  { name: 'publish', title: 'Tag & push' },
  { name: 'deploy', title: 'Deploy' },
  { name: 'promote', title: 'Promote' },
] as const;

export type StageName = (typeof STAGES)[number]['name'];
export const STAGE_NAMES = STAGES.map((s) => s.name);

export interface PipelineOptions {
  /** Build and push for real (PUSH=1); otherwise a dry run. */
  readonly push: boolean;
  /** Deploy, then promote, for real (DEPLOY=1); otherwise print what would happen. */
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
  /** Where Tag & push records the pushed digest for Deploy and Promote. */
  readonly imageRecord: string;
  /** How long a stable release's Tag & push waits for the main branch build's `<sha>` image. */
  readonly waitForImageSeconds: number;
  /** The deploy CLI the Deploy stage runs. @default packages/deploy/dist/cli.js */
  readonly deployCli: string;
  readonly containers: ContainerSettings;
}

/** What the runner found out before planning a stage: the only inputs that are not pure. */
export interface StageContext {
  readonly isInstalled: (tool: string) => boolean;
  /** Stable release tags on the commit; only asked for builds of the main branch. */
  readonly releasedAs: readonly string[];
  /** This build's image record, once Tag & push has written it. */
  readonly record: ImageRecord | undefined;
}

/** What a stage does for one build: run something, print a dry run, or skip, saying why. */
export type StageAction =
  | { readonly kind: 'skip'; readonly message: string; readonly recordDeploySkipped?: boolean }
  | { readonly kind: 'command'; readonly argv: readonly string[]; readonly env?: Record<string, string> }
  | { readonly kind: 'dry-run'; readonly lines: readonly string[] }
  | { readonly kind: 'publish'; readonly image: string }
  | {
      readonly kind: 'deploy';
      /** Runs first: brings new or replaced hosts up to date (Docker, the ECR helper); idempotent. */
      readonly provisionArgv: readonly string[];
      readonly argv: readonly string[];
      readonly environment: Environment;
      readonly record: ImageRecord;
    }
  | { readonly kind: 'promote'; readonly record: ImageRecord; readonly tags: ImageTags };

const deploysNowhere = (facts: BuildFacts, what: string): StageAction => ({
  kind: 'skip',
  message: `skipped: ${facts.plan.ref} deploys nowhere, so ${what}`,
});

/** A main branch build of a released commit: the tag's build deploys production, once. */
const leftToTagBuild = (facts: BuildFacts, tags: readonly string[], what: string) =>
  `skipped: commit ${facts.sha} is released as ${tags.join(', ')}, and the build of that tag ${what}: a release deploys production once`;

/** The local image a build makes: named after the commit, so every stage agrees on it. */
export const localImage = (facts: BuildFacts, opts: PipelineOptions) => `${opts.imageName}:${facts.sha}`;

/** Decides what one stage does. Pure: tests assert the exact argv; the runner only executes it. */
export function planStage(
  stage: StageName,
  facts: BuildFacts,
  opts: PipelineOptions,
  context: StageContext,
): StageAction {
  const tags = facts.tags;
  switch (stage) {
    case 'test':
      if (opts.skipTest) return { kind: 'skip', message: 'SKIPPED: stage Test (PIPELINE_SKIP_TEST is set)' };
      return { kind: 'command', argv: ['make', 'test'], env: { JUNIT_DIR: opts.junitDir } };
    case 'build': {
      if (!tags) return deploysNowhere(facts, 'no image is built');
      if (!tags.buildsImage) {
        return {
          kind: 'skip',
          message: `SKIPPED: stage Build image: release tag ${facts.plan.ref} promotes the image the main branch build pushed for ${facts.sha}; nothing is rebuilt`,
        };
      }
      const tool = opts.containers.build[0] ?? 'docker';
      if (!opts.push && opts.skipBuild) {
        return {
          kind: 'skip',
          message:
            'SKIPPED: stage Build image (PIPELINE_SKIP_BUILD is set); the push below is a dry run of an image that was not built',
        };
      }
      if (!opts.push && !context.isInstalled(tool)) {
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
      if (!tags) return deploysNowhere(facts, 'nothing is deployed');
      if (context.releasedAs.length > 0) {
        return {
          kind: 'skip',
          message: leftToTagBuild(facts, context.releasedAs, 'deploys production'),
          recordDeploySkipped: true,
        };
      }
      const record = context.record;
      if (!opts.deploy) {
        const image =
          record?.image ??
          `${opts.repository || PLACEHOLDER_REPOSITORY}@sha256:<the digest Tag & push records for ${facts.sha}>`;
        const target = { env: tags.environment, outputs: opts.outputs };
        const provision = provisionArgs(opts.deployCli, target);
        const argv = deployArgs(opts.deployCli, { ...target, image, appVersion: facts.version });
        return {
          kind: 'dry-run',
          lines: [
            `dry run: would run: deploy ${provision.slice(2).join(' ')}`,
            `dry run: would run: deploy ${argv.slice(2).join(' ')}`,
            'set DEPLOY=1 to deploy',
          ],
        };
      }
      if (!record) throw missingImageRecord(opts.imageRecord);
      const target = { env: tags.environment, outputs: opts.outputs };
      return {
        kind: 'deploy',
        provisionArgv: provisionArgs(opts.deployCli, target),
        argv: deployArgs(opts.deployCli, { ...target, image: record.image, appVersion: facts.version }),
        environment: tags.environment,
        record,
      };
    }
    case 'promote': {
      if (!tags) return deploysNowhere(facts, 'no environment tag moves');
      const record = context.record;
      if (!opts.deploy) {
        if (context.releasedAs.length > 0) {
          return {
            kind: 'skip',
            message: leftToTagBuild(facts, context.releasedAs, 'moves the production tags'),
          };
        }
        const repository = record?.repository ?? (opts.repository || PLACEHOLDER_REPOSITORY);
        const image = record?.image ?? `${repository}@sha256:<the deployed digest>`;
        return { kind: 'dry-run', lines: promoteDryRun(tags, repository, image) };
      }
      if (!record) throw missingImageRecord(opts.imageRecord);
      const deploy = record.deploy;
      if (deploy?.status === 'skipped') return { kind: 'skip', message: deploy.reason };
      if (
        deploy?.status !== 'deployed' ||
        deploy.environment !== tags.environment ||
        deploy.image !== record.image
      ) {
        throw new ShipyardError(
          `refusing to move the ${tags.environment} tags: no successful deploy of ${record.image} to ${tags.environment} is recorded in ${opts.imageRecord}`,
          'Environment tags move only after the Deploy stage succeeds (`make pipeline-deploy DEPLOY=1`).',
        );
      }
      return { kind: 'promote', record, tags };
    }
  }
}

/** Where the Deploy stage deploys: the environment, and an outputs file only if one is given. */
export interface DeployTarget {
  readonly env: string;
  /** Without it the deploy tool reads the contract from SSM (`/<project>/deploy/<env>`). */
  readonly outputs: string | undefined;
}

/**
 * The pipeline runs inside the VPC (on the Jenkins agent), and the app hosts admit SSH only from
 * there, through their private addresses: so `--address private`. Without an outputs file given,
 * the contract comes from SSM, which Terraform keeps current; `--from-ssm`, so that an
 * outputs.json left in a reused workspace is never read instead.
 */
const targetArgs = (target: DeployTarget) => [
  '--env',
  target.env,
  '--address',
  'private',
  ...(target.outputs ? ['--outputs', target.outputs] : ['--from-ssm']),
];

/**
 * The Deploy stage's first command: provision the hosts (Docker, the ECR credential helper). It is
 * idempotent and quick on a provisioned host, and it is what readies a host Terraform has just
 * created or replaced, so no one provisions by hand.
 */
export function provisionArgs(deployCli: string, target: DeployTarget): string[] {
  return [process.execPath, deployCli, 'provision', ...targetArgs(target)];
}

/**
 * The Deploy stage's roll-out. It names the image by digest, so the hosts run exactly the bytes
 * Tag & push recorded, whatever a tag points at by then, and passes the build's version, which
 * the service reports instead of the digest.
 */
export function deployArgs(
  deployCli: string,
  target: DeployTarget & { readonly image: string; readonly appVersion: string },
): string[] {
  return [
    process.execPath,
    deployCli,
    'rollout',
    '--env',
    target.env,
    '--image',
    target.image,
    '--app-version',
    target.appVersion,
    ...targetArgs(target).slice(2),
  ];
}
