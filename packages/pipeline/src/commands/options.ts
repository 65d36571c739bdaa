import { type Command, Option } from 'commander';
import { containerSettings } from '../containers.js';
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
}

/** What the stages take: the switches from real to dry run, and where things go. */
export function addStageOptions(command: Command): Command {
  return addRefOptions(command)
    .option('--push', 'build and push for real (default: a dry run that prints what it would push)')
    .option('--deploy', 'deploy for real (default: print the deploy command)')
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
    containers: containerSettings(),
  };
}

export { withExamples as examples } from '@shipyard/cli-kit';
