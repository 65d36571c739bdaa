#!/usr/bin/env node
import { Command } from 'commander';
import { planCommand } from './commands/plan.js';
import { releaseCommand } from './commands/release.js';
import { tagsCommand } from './commands/tags.js';
import { versionCommand } from './commands/version.js';
import { PipelineError } from './pipeline/errors.js';

const program = new Command()
  .name('pipeline')
  .description('Versions, image tags and releases for the Jenkins pipeline (see docs/pipeline.md).');
versionCommand(program);
planCommand(program);
tagsCommand(program);
releaseCommand(program);

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof PipelineError) {
    process.stderr.write(`error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
  } else {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exitCode = 1;
}
