import { type Command, InvalidArgumentError, Option } from 'commander';
import { containerSettings } from '../containers.js';
import { deployCli } from '../paths.js';
import type { PipelineOptions } from '../stages.js';

export interface RefOptions {
  branch?: string;
  tag?: string;
}

/** The ref being built. Jenkins sets BRANCH_NAME (and TAG_NAME for tag builds). */
export function addRefOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--branch <name>', 'branch being built (default: the checked-out branch)').env(
        'BRANCH_NAME',
      ),
    )
    .addOption(new Option('--tag <name>', 'tag being built, for tag builds').env('TAG_NAME'));
}

export interface StageFlags extends RefOptions {
  push?: boolean;
  deploy?: boolean;
  skipTest?: boolean;
  skipBuild?: boolean;
  imageName: string;
  repository?: string;
  outputs?: string;
  junitDir: string;
  imageRecord: string;
  waitForImage: number;
  deployCli: string;
}

/** Whole seconds, 0 or more. */
function seconds(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError('expected a whole number of seconds, 0 or more.');
  }
  return n;
}

/** What the stages take: the switches from real to dry run, and where things go. */
export function addStageOptions(command: Command): Command {
  return (
    addRefOptions(command)
      .option('--push', 'build and push for real (default: a dry run that prints what it would push)')
      .option(
        '--deploy',
        'deploy, then move the environment tags, for real (default: print what it would do)',
      )
      .option('--skip-test', 'skip the Test stage (when `make test` itself runs the pipeline)')
      .option('--skip-build', 'skip the image build in a dry run')
      .addOption(
        new Option('--image-name <name>', 'local name of the built image')
          .env('IMAGE_NAME')
          .default('shipyard/service'),
      )
      .addOption(
        new Option('--repository <url>', 'registry repository to push to (ECR)').env('ECR_REPOSITORY_URL'),
      )
      .addOption(new Option('--outputs <file>', 'outputs.json for the Deploy stage').env('DEPLOY_OUTPUTS'))
      .addOption(
        new Option('--junit-dir <dir>', 'where the Test stage writes JUnit XML')
          .env('JUNIT_DIR')
          .default('reports/junit'),
      )
      .addOption(
        new Option(
          '--image-record <file>',
          'where Tag & push records the pushed digest for Deploy and Promote',
        )
          .env('PIPELINE_IMAGE_RECORD')
          .default('reports/pipeline-image.json'),
      )
      .addOption(
        new Option(
          '--wait-for-image <seconds>',
          "how long a release tag's Tag & push waits for the main branch build to push <sha>",
        )
          .env('PIPELINE_WAIT_FOR_IMAGE')
          .argParser(seconds)
          .default(1800),
      )
      // The deploy CLI is a product of its own; tests put a recorder in its place.
      .addOption(
        new Option('--deploy-cli <file>', 'the deploy CLI the Deploy stage runs')
          .default(deployCli)
          .hideHelp(),
      )
  );
}

export function pipelineOptions(flags: StageFlags): PipelineOptions {
  return {
    push: Boolean(flags.push),
    deploy: Boolean(flags.deploy),
    skipTest: Boolean(flags.skipTest),
    skipBuild: Boolean(flags.skipBuild),
    imageName: flags.imageName,
    repository: flags.repository?.trim() || undefined,
    outputs: flags.outputs?.trim() || undefined,
    junitDir: flags.junitDir,
    imageRecord: flags.imageRecord,
    waitForImageSeconds: flags.waitForImage,
    deployCli: flags.deployCli,
    containers: containerSettings(),
  };
}

export { withExamples as examples } from '@shipyard/cli-kit';
