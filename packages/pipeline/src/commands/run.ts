import { Steps } from '@shipyard/cli-kit';
import { Argument, type Command } from 'commander';
import { readBuildFacts } from '../facts.js';
import { runPipeline, runStage } from '../run-stages.js';
import { STAGE_NAMES, type StageName } from '../stages.js';
import { addStageOptions, examples, pipelineOptions, type StageFlags } from './options.js';

/** `make pipeline`: the Jenkinsfile's stages in order, dry run unless --push/--deploy. */
export function runCommand(program: Command): void {
  const command = program
    .command('run')
    .description(
      "run the Jenkinsfile's stages for a branch or tag: test, build image, tag & push, deploy, promote",
    );
  examples(addStageOptions(command), [
    'pipeline run --branch develop',
    'pipeline run --tag v1.2.3 --skip-test',
    'pipeline run --branch develop --push --deploy',
  ]).action(async (flags: StageFlags) => {
    const facts = await readBuildFacts({ ...flags, cwd: process.cwd() });
    await runPipeline(facts, pipelineOptions(flags), new Steps(process.stdout));
  });
}

/** `make pipeline-<stage>`: one stage, as a Jenkinsfile stage runs it. */
export function stageCommand(program: Command): void {
  const command = program.command('stage').description('run one stage of the pipeline for a branch or tag');
  examples(addStageOptions(command), [
    'pipeline stage build --branch develop --push',
    'pipeline stage deploy --tag v1.2.3',
    'pipeline stage promote --branch develop --deploy',
  ])
    .addArgument(new Argument('<stage>', 'the stage').choices(STAGE_NAMES))
    .action(async (stage: StageName, flags: StageFlags) => {
      const facts = await readBuildFacts({ ...flags, cwd: process.cwd() });
      await runStage(stage, facts, pipelineOptions(flags), new Steps(process.stdout));
    });
}
