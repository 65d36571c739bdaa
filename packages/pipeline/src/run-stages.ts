import { mkdir, rm } from 'node:fs/promises';
import { ShipyardError, type Steps } from '@shipyard/cli-kit';
import { execa } from 'execa';
import type { BuildFacts } from './facts.js';
import { Git } from './git.js';
import { type ImageRecord, readImageRecord, requireImageRecord, writeImageRecord } from './image-record.js';
import { stableTagsOn } from './main-branch.js';
import { repoRoot } from './paths.js';
import { promoteImage } from './promote.js';
import { publishImage } from './publish.js';
import { isMainBranchBuild } from './ref.js';
import { type PipelineOptions, planStage, STAGES, type StageContext, type StageName } from './stages.js';

/** Whether a command is on PATH (an absolute path must exist and be executable). */
export async function isOnPath(tool: string): Promise<boolean> {
  const r = await execa('sh', ['-c', 'command -v "$1"', 'sh', tool], { reject: false });
  return r.exitCode === 0;
}

/**
 * Gathers what planStage needs beyond the facts: whether the build tool is installed, the image
 * record of this build (required for a real Deploy or Promote, best effort for a dry run), and
 * for a main branch build whether its commit is released (a real Promote reads that from the
 * record, where Deploy wrote it, so the two stages cannot disagree).
 */
async function stageContext(
  stage: StageName,
  facts: BuildFacts,
  opts: PipelineOptions,
  log: (line: string) => void,
): Promise<StageContext> {
  const tool = opts.containers.build[0] ?? 'docker';
  const installed = stage === 'build' ? await isOnPath(tool) : true;
  const later = stage === 'deploy' || stage === 'promote';
  let record: ImageRecord | undefined;
  if (later && facts.tags) {
    record = opts.deploy
      ? await requireImageRecord(opts.imageRecord, facts, opts.repository)
      : await readImageRecord(opts.imageRecord, facts).catch(() => undefined);
  }
  const askTags =
    facts.tags &&
    isMainBranchBuild(facts.plan) &&
    (stage === 'deploy' || (stage === 'promote' && !opts.deploy));
  const releasedAs = askTags ? await stableTagsOn(new Git(process.cwd()), facts.sha, log) : [];
  return { isInstalled: (t) => (t === tool ? installed : true), releasedAs, record };
}

export async function runStage(
  stage: StageName,
  facts: BuildFacts,
  opts: PipelineOptions,
  steps: Steps,
): Promise<void> {
  const title = STAGES.find((s) => s.name === stage)?.title ?? stage;
  const log = (line: string) => steps.line(line);
  await steps.run(`Stage: ${title}`, async () => {
    const context = await stageContext(stage, facts, opts, log);
    const action = planStage(stage, facts, opts, context);
    switch (action.kind) {
      case 'skip':
        log(action.message);
        // A real Deploy that leaves production to the tag's build tells Promote so.
        if (opts.deploy && action.recordDeploySkipped && context.record) {
          await writeImageRecord(opts.imageRecord, {
            ...context.record,
            deploy: { status: 'skipped', reason: action.message },
          });
        }
        return;
      case 'dry-run':
        for (const line of action.lines) log(line);
        return;
      case 'publish':
        await publishImage(facts, {
          image: action.image,
          repository: opts.repository,
          cli: opts.containers.cli,
          push: opts.push,
          record: opts.imageRecord,
          waitForImageSeconds: opts.waitForImageSeconds,
          cwd: process.cwd(),
          log,
        });
        return;
      case 'deploy': {
        await runCommand(title, action.provisionArgv, log);
        await runCommand(title, action.argv, log);
        // Promote moves the environment tags only when this is recorded.
        await writeImageRecord(opts.imageRecord, {
          ...action.record,
          deploy: { status: 'deployed', environment: action.environment, image: action.record.image },
        });
        log(`recorded the deploy of ${action.record.image} in ${opts.imageRecord}`);
        return;
      }
      case 'promote':
        await promoteImage(action.record, action.tags, opts.containers.cli, log);
        return;
      case 'command': {
        if (stage === 'test') {
          await rm(opts.junitDir, { recursive: true, force: true });
          await mkdir(opts.junitDir, { recursive: true });
        }
        await runCommand(title, action.argv, log, action.env);
      }
    }
  });
}

async function runCommand(
  title: string,
  argv: readonly string[],
  log: (line: string) => void,
  env?: Record<string, string>,
) {
  const [command = 'true', ...args] = argv;
  log(`running: ${argv.join(' ')}`);
  const result = await execa(command, args, {
    cwd: repoRoot,
    env: env ?? {},
    stdio: 'inherit',
    reject: false,
  });
  if (result.exitCode !== 0) {
    throw new ShipyardError(
      `stage ${title} failed: ${command} exited ${result.exitCode ?? result.signal}`,
      'Its output is above.',
    );
  }
}

/** The whole sequence for one ref, as `make pipeline` runs it. */
export async function runPipeline(facts: BuildFacts, opts: PipelineOptions, steps: Steps): Promise<void> {
  const env = facts.plan.environment;
  steps.line(
    `==> Pipeline for ${facts.plan.kind} ${facts.plan.ref}: version ${facts.version}, environment ${env ?? 'none (test only)'}`,
  );
  await runStage('test', facts, opts, steps);
  if (!env) {
    steps.line(
      `Stages Build image, Tag & push, Deploy and Promote do not run for ${facts.plan.ref}: it deploys nowhere.`,
    );
  } else {
    for (const stage of ['build', 'publish', 'deploy', 'promote'] as const)
      await runStage(stage, facts, opts, steps);
  }
  steps.finished('the pipeline');
}
