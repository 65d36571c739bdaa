import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Command, Option } from 'commander';
import { type BuildFacts, readBuildFacts } from '../facts.js';
import { Git } from '../git.js';
import { promotedTagNames, pushedTagNames } from '../image-tags.js';
import { stableTagsOn } from '../main-branch.js';
import { isMainBranchBuild } from '../ref.js';
import { addRefOptions, examples, type RefOptions } from './options.js';

/**
 * What the pipeline does for a ref, as KEY=VALUE pairs. The tag lists are comma-separated:
 * PIPELINE_IMAGE_TAGS are pushed by Tag & push, PIPELINE_PROMOTE_TAGS moved by Promote after the deploy.
 * PIPELINE_RELEASED_AS names the release tags on a main branch build's commit: that build leaves
 * the production deploy (and its approval) to the tag's build.
 */
export function describeBuild(facts: BuildFacts, releasedAs: readonly string[] = []): Record<string, string> {
  return {
    PIPELINE_REF: facts.plan.ref,
    PIPELINE_KIND: facts.plan.kind,
    PIPELINE_ENV: facts.plan.environment ?? '',
    PIPELINE_VERSION: facts.version,
    PIPELINE_SHA: facts.sha,
    PIPELINE_IMAGE_TAGS: facts.tags ? pushedTagNames(facts.tags).join(',') : '',
    PIPELINE_PROMOTE_TAGS: facts.tags ? promotedTagNames(facts.tags).join(',') : '',
    PIPELINE_RELEASED_AS: releasedAs.join(','),
  };
}

/**
 * Prints the build's description: raw KEY=VALUE lines (`--format env`, which the Jenkinsfile
 * reads from reports/pipeline.env) or JSON.
 */
export function describeCommand(program: Command): void {
  const command = program
    .command('describe')
    .description('print what the pipeline does for a branch or tag: environment, version, image tags');
  examples(addRefOptions(command), [
    'pipeline describe --branch develop',
    'pipeline describe --tag v1.2.3 --format json',
    'pipeline describe --out reports/pipeline.env',
  ])
    .addOption(new Option('--format <format>', 'output format').choices(['env', 'json']).default('env'))
    .option('--out <file>', 'also write it to this file')
    .action(async (opts: RefOptions & { format: 'env' | 'json'; out?: string }) => {
      const facts = await readBuildFacts({ ...opts, cwd: process.cwd() });
      // Only a main branch build asks (the remote's tags first): stdout stays KEY=VALUE lines.
      const releasedAs =
        facts.tags && isMainBranchBuild(facts.plan)
          ? await stableTagsOn(new Git(process.cwd()), facts.sha, (line) =>
              process.stderr.write(`note: ${line}\n`),
            )
          : [];
      const values = describeBuild(facts, releasedAs);
      const text =
        opts.format === 'json'
          ? `${JSON.stringify(values, null, 2)}\n`
          : Object.entries(values)
              .map(([k, v]) => `${k}=${v}\n`)
              .join('');
      process.stdout.write(text);
      if (opts.out) {
        await mkdir(dirname(opts.out), { recursive: true });
        await writeFile(opts.out, text);
      }
    });
}
