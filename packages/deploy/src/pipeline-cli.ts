#!/usr/bin/env node
import { Command } from 'commander';
import { planCommand } from './commands/plan.js';
import { releaseCommand } from './commands/tag-release.js';
import { tagsCommand } from './commands/tags.js';
import { versionCommand } from './commands/version.js';
import { DeployError, formatError } from './errors.js';

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
  process.stderr.write(`${formatError(error)}\n`);
  process.exitCode = error instanceof DeployError ? error.exitCode : 1;
}
