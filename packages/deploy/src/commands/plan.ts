import type { Command } from 'commander';
import { readBuildFacts } from '../pipeline/facts.js';

/**
 * Prints what the pipeline does for a ref as KEY=VALUE lines, read by mk/pipeline.mk and, through
 * a file, by the Jenkinsfile. Values never contain spaces except PIPELINE_IMAGE_TAGS, which is a
 * space-separated list.
 */
export function planCommand(program: Command): void {
  program
    .command('plan')
    .description('print the environment, version and image tags for a branch or tag (KEY=VALUE)')
    .option('--branch <name>', 'branch being built (default: the checked-out branch)')
    .option('--tag <name>', 'tag being built, for tag builds')
    .action(async (opts: { branch?: string; tag?: string }) => {
      const facts = await readBuildFacts({ ...opts, cwd: process.cwd() });
      const lines = [
        `PIPELINE_REF=${facts.plan.ref}`,
        `PIPELINE_KIND=${facts.plan.kind}`,
        `PIPELINE_ENV=${facts.plan.environment ?? ''}`,
        `PIPELINE_VERSION=${facts.version}`,
        `PIPELINE_SHA=${facts.sha}`,
        `PIPELINE_IMAGE_TAGS=${facts.tags.map((t) => t.name).join(' ')}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
