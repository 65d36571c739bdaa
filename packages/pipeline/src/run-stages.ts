import { mkdir, rm } from 'node:fs/promises';
import { ShipyardError, type Steps } from '@shipyard/cli-kit';
import { execa } from 'execa';
import type { BuildFacts } from './facts.js';
import { repoRoot } from './paths.js';
import { publishImage } from './publish.js';
import { type PipelineOptions, planStage, STAGES, type StageName } from './stages.js';

/** Whether a command is on PATH (an absolute path must exist and be executable). */
export async function isOnPath(tool: string): Promise<boolean> {
  const r = await execa('sh', ['-c', 'command -v "$1"', 'sh', tool], { reject: false });
  return r.exitCode === 0;
}

export async function runStage(
  stage: StageName,
  facts: BuildFacts,
  opts: PipelineOptions,
  steps: Steps,
): Promise<void> {
  const title = STAGES.find((s) => s.name === stage)?.title ?? stage;
  const tool = opts.containers.build[0] ?? 'docker';
  const installed = await isOnPath(tool);
  const action = planStage(stage, facts, opts, (t) => (t === tool ? installed : true));
  await steps.run(`Stage: ${title}`, async () => {
    switch (action.kind) {
      case 'skip':
        steps.line(action.message);
        return;
      case 'dry-run':
        for (const line of action.lines) steps.line(line);
        return;
      case 'publish':
        await publishImage(facts, {
          image: action.image,
          repository: opts.repository,
          cli: opts.containers.cli,
          push: opts.push,
          log: (line) => steps.line(line),
        });
        return;
      case 'command': {
        if (stage === 'test') {
          await rm(opts.junitDir, { recursive: true, force: true });
          await mkdir(opts.junitDir, { recursive: true });
        }
        const [command = 'true', ...args] = action.argv;
        steps.line(`running: ${action.argv.join(' ')}`);
        const result = await execa(command, args, {
          cwd: repoRoot,
          env: action.env ?? {},
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
    }
  });
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
      `Stages Build image, Tag & push and Deploy do not run for ${facts.plan.ref}: it deploys nowhere.`,
    );
  } else {
    for (const stage of ['build', 'publish', 'deploy'] as const) await runStage(stage, facts, opts, steps);
  }
  steps.finished('the pipeline');
}
