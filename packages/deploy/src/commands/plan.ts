import type { Command } from 'commander';
import { DeployError } from '../errors.js';
import { readBuildFacts } from '../pipeline/facts.js';

/**
 * Prints what the pipeline does for a ref as KEY=VALUE lines: raw (`--format env`, read by the
 * Jenkinsfile from reports/pipeline.env) or shell-quoted (`--format shell`, for `eval` in
 * mk/pipeline.mk). PIPELINE_IMAGE_TAGS is comma-separated.
 */
export function planCommand(program: Command): void {
  program
    .command('plan')
    .description('print the environment, version and image tags for a branch or tag (KEY=VALUE)')
    .option('--branch <name>', 'branch being built (default: the checked-out branch)')
    .option('--tag <name>', 'tag being built, for tag builds')
    .option('--format <format>', 'env (raw KEY=VALUE) or shell (quoted for eval)', 'env')
    .action(async (opts: { branch?: string; tag?: string; format: string }) => {
      if (opts.format !== 'env' && opts.format !== 'shell') {
        throw new DeployError(`unknown --format '${opts.format}'`, 'Use --format env or --format shell.');
      }
      const facts = await readBuildFacts({ ...opts, cwd: process.cwd() });
      const values: Array<[string, string]> = [
        ['PIPELINE_REF', facts.plan.ref],
        ['PIPELINE_KIND', facts.plan.kind],
        ['PIPELINE_ENV', facts.plan.environment ?? ''],
        ['PIPELINE_VERSION', facts.version],
        ['PIPELINE_SHA', facts.sha],
        ['PIPELINE_IMAGE_TAGS', facts.tags.map((t) => t.name).join(',')],
      ];
      const quote = opts.format === 'shell' ? shellQuote : (v: string) => v;
      process.stdout.write(values.map(([k, v]) => `${k}=${quote(v)}\n`).join(''));
    });
}

/** POSIX single-quoting: safe for `eval` whatever a branch name contains. */
export function shellQuote(value: string): string {
  return `'${value.split("'").join("'\\''")}'`;
}
