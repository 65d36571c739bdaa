#!/usr/bin/env node
import { isEntryPoint, runCli } from '@shipyard/cli-kit';
import { Command } from 'commander';
import { buildImageCommand } from './commands/build-image.js';
import { describeCommand } from './commands/describe.js';
import { doctorCommand } from './commands/doctor.js';
import { releaseCommand } from './commands/release.js';
import { runCommand, stageCommand } from './commands/run.js';
import { versionCommand } from './commands/version.js';
import { packageVersion } from './paths.js';

export function buildProgram(): Command {
  const program = new Command('pipeline')
    .description(
      'The release pipeline: versions and release notes, the service image, its tags in the registry, and the ' +
        "Jenkinsfile's stages, runnable on any machine (docs/pipeline.md).",
    )
    .version(packageVersion);
  versionCommand(program);
  releaseCommand(program);
  describeCommand(program);
  buildImageCommand(program);
  runCommand(program);
  stageCommand(program);
  doctorCommand(program);
  return program;
}

if (isEntryPoint(import.meta.url)) {
  process.exitCode = await runCli(buildProgram(), process.argv);
}
