import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fixtures, javaEnv, repoRoot, stripAnsi } from './helpers.js';

// These tests start real tools (git, make, a JVM, podman); a loaded CI machine needs headroom.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

// Debian has no Jenkins: the Groovy compiler checks the syntax, and the AST gives the `sh` steps
// and, with --tree, every call of the declarative pipeline with its nesting.
const inspect = (...files: string[]) =>
  execa('groovy', [join(fixtures, 'inspect-groovy.groovy'), ...files], {
    cwd: repoRoot,
    reject: false,
    env: javaEnv(),
  });

function shSteps(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('sh\t'))
    .map((line) => line.split('\t')[2] ?? '');
}

/** One method call of a Groovy script: `call(args, named: ...) { body }`. */
interface Call {
  call: string;
  args: string[];
  named: Record<string, string>;
  body: Call[];
}

/** Every call of the tree, each with the calls it is nested in (outermost first). */
function flatten(calls: Call[], ancestors: Call[] = []): { call: Call; ancestors: Call[] }[] {
  return calls.flatMap((call) => [{ call, ancestors }, ...flatten(call.body, [...ancestors, call])]);
}

const child = (call: Call | undefined, name: string) => call?.body.find((c) => c.call === name);
const stageName = (call: Call) => (call.call === 'stage' ? call.args[0] : undefined);
const stagesOf = (ancestors: Call[]) => ancestors.filter((a) => a.call === 'stage');
/** The agent a call runs on: that of its innermost enclosing stage declaring one, else the pipeline's. */
function agentOf(ancestors: Call[]): Call | undefined {
  for (const a of [...ancestors].reverse()) {
    const agent = child(a, 'agent');
    if (agent && (a.call === 'stage' || a.call === 'pipeline')) return agent;
  }
  return undefined;
}

// The refs that deploy, as docs/pipeline.md and packages/contracts define them.
const RELEASE_TAGS = ['v1.2.3', 'v1.2.3-rc.1', 'v10.0.0-beta.2'];
const NOT_RELEASE_TAGS = ['v1.2', 'v1.2.3+meta', '1.2.3', 'nightly', 'v1.2.3-', 'xv1.2.3'];

describe('Jenkinsfile', () => {
  // The JVM takes seconds to start: parse once, assert many times.
  let result: Awaited<ReturnType<typeof inspect>>;
  let pipeline: Call;
  let all: { call: Call; ancestors: Call[] }[];
  beforeAll(async () => {
    result = await inspect('Jenkinsfile', 'jenkins/seed-job.groovy');
    const tree = await inspect('--tree', 'Jenkinsfile');
    expect(tree.stderr).toBe('');
    const calls = (JSON.parse(tree.stdout) as { calls: Call[] }).calls;
    pipeline = calls.find((c) => c.call === 'pipeline') as Call;
    all = flatten([pipeline]);
  }, 60_000);

  const stage = (name: string) => all.find(({ call }) => stageName(call) === name);

  it('parses as Groovy, and so does the seed job', () => {
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('ok\tJenkinsfile');
    expect(result.stdout).toContain('ok\tjenkins/seed-job.groovy');
  });

  it('the parser rejects broken Groovy (so the check above can fail)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shipyard-groovy-'));
    try {
      await writeFile(
        join(dir, 'Jenkinsfile'),
        "pipeline { stages { stage('x') { steps { sh 'make test' } }\n",
      );
      const result = await inspect(join(dir, 'Jenkinsfile'));
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain("expecting '}'");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('every sh step is one make call naming a target `make help` lists', async () => {
    const steps = shSteps(result.stdout);
    expect(steps.length).toBeGreaterThanOrEqual(5);
    const help = stripAnsi((await execa('make', ['--no-print-directory', 'help'], { cwd: repoRoot })).stdout);
    const targets = new Set(
      help
        .split('\n')
        .map((line) => line.trim().split(/\s+/)[0] ?? '')
        .filter((t) => t !== ''),
    );
    for (const step of steps) {
      const words = step.trim().split(/\s+/);
      expect(words[0], `sh step '${step}' must call make`).toBe('make');
      const named = words.slice(1).filter((w) => !w.includes('=') && !w.startsWith('-'));
      expect(named, `sh step '${step}' must name exactly one target`).toHaveLength(1);
      expect(targets.has(named[0] ?? ''), `sh step '${step}': no target '${named[0]}' in make help`).toBe(
        true,
      );
    }
  }, 60_000);

  it('runs the stages the issue asks for, in order, and reconciles an aborted deploy', () => {
    const steps = shSteps(result.stdout).map((s) => s.split(/\s+/)[1]);
    expect(steps).toEqual([
      'describe-build',
      'pipeline-test',
      'pipeline-build',
      'pipeline-publish',
      'pipeline-deploy',
      'reconcile',
      'pipeline-promote',
    ]);
  });

  it('runs every step in the build image on the agent, never on the controller', () => {
    // The pipeline itself takes no agent: a stage without one (the approval) holds no executor.
    expect(child(pipeline, 'agent')?.args).toEqual(['none']);
    const commands = all.filter(({ call }) => ['sh', 'junit', 'sshagent'].includes(call.call));
    expect(commands.length).toBeGreaterThanOrEqual(8);
    for (const { call, ancestors } of commands) {
      const where = `${call.call} in stage ${stagesOf(ancestors).map(stageName).join(' > ')}`;
      const dockerfile = child(agentOf(ancestors), 'dockerfile');
      expect(dockerfile, `${where} must run in agent { dockerfile }`).toBeDefined();
      const option = (name: string) => child(dockerfile, name)?.args[0];
      expect([option('dir'), option('filename')], where).toEqual(['jenkins/agent', 'Dockerfile']);
      expect(option('label'), where).toBe('docker');
      // The engine's socket for sibling containers, host networking for their loopback ports.
      expect(option('args'), where).toContain('-v /var/run/docker.sock:/var/run/docker.sock');
      expect(option('args'), where).toContain('--network host');
      expect(option('args'), where).toContain('--group-add $env.DOCKER_GID');
    }
  });

  it('binds credentials only in the Deploy stage, which runs only for develop, main/master and release tags', () => {
    const bindings = all.filter(({ call }) =>
      ['sshagent', 'withCredentials', 'sshUserPrivateKey', 'usernamePassword', 'withAWS', 'file'].includes(
        call.call,
      ),
    );
    expect(bindings.length).toBeGreaterThan(0);
    for (const { call, ancestors } of bindings) {
      expect(stagesOf(ancestors).map(stageName), `${call.call} outside Deploy`).toContain('Deploy');
      expect(call.named.credentials).toBe('[deploy-ssh-key]');
    }
    // The stage is entered from the ref Jenkins builds, before the agent or the lock is taken;
    // what the branch's own code says (PIPELINE_ENV) may only narrow it further.
    const deploy = stage('Deploy');
    const gates = (deploy?.ancestors ?? [])
      .concat(deploy?.call ?? [])
      .map((s) => child(s, 'when'))
      .filter(Boolean);
    expect(gates).toHaveLength(1);
    const when = gates[0] as Call;
    expect(when.body.map((c) => [c.call, c.args[0]])).toEqual(
      expect.arrayContaining([
        ['beforeAgent', 'true'],
        ['beforeOptions', 'true'],
      ]),
    );
    const allOf = child(when, 'allOf');
    const refs = child(allOf, 'anyOf');
    expect(refs?.body.filter((c) => c.call === 'branch').map((c) => c.args[0])).toEqual([
      'develop',
      'main',
      'master',
    ]);
    const tag = refs?.body.find((c) => c.call === 'tag');
    expect(tag?.named.comparator).toBe('REGEXP');
    const pattern = new RegExp(tag?.named.pattern ?? '^$');
    for (const t of RELEASE_TAGS) expect(pattern.test(t), t).toBe(true);
    for (const t of NOT_RELEASE_TAGS) expect(pattern.test(t), t).toBe(false);
    expect(refs?.body.map((c) => c.call).sort()).toEqual(['branch', 'branch', 'branch', 'tag']);
  });

  it('holds one lock per environment around Deploy, and reconciles under it when aborted', () => {
    const deploy = stage('Deploy');
    const locks = (deploy?.ancestors ?? [])
      .filter((a) => a.call === 'stage')
      .map((s) => child(child(s, 'options'), 'lock'))
      .filter(Boolean);
    expect(locks.map((l) => l?.named.resource)).toEqual(['deploy-$env.PIPELINE_ENV']);
    const aborted = child(child(deploy?.call, 'post'), 'aborted');
    const reconcile = flatten(aborted?.body ?? []).find(({ call }) => call.call === 'sh');
    // On the agent, inside the VPC, like the deploy: the hosts admit SSH on private addresses only,
    // and the contract is SSM's (a stale outputs.json in a reused workspace never counts).
    expect(reconcile?.call.args[0]).toBe('make reconcile ENV="$PIPELINE_ENV" ADDRESS=private FROM_SSM=1');
  });

  it('asks only the release managers to approve production, holding no agent while it waits', () => {
    const inputs = all.filter(({ call }) => call.call === 'input');
    expect(inputs).toHaveLength(1);
    const [{ call, ancestors }] = inputs as [{ call: Call; ancestors: Call[] }];
    expect(call.named.submitter).toMatch(/env\.RELEASE_MANAGERS/);
    expect(call.named.submitter).not.toMatch(/^$|null/);
    expect(stagesOf(ancestors).map(stageName)).toEqual(['Approve production']);
    expect(child(agentOf(ancestors), 'dockerfile')).toBeUndefined();
    // It comes before the deploy it guards.
    const order = all.filter(({ call }) => call.call === 'stage').map(({ call }) => stageName(call));
    expect(order.indexOf('Approve production')).toBeLessThan(order.indexOf('Deploy'));
  });

  it('asks for no approval in a main build of a released commit: the tag build asks, and deploys', () => {
    const approve = all.find(({ call }) => call.call === 'stage' && stageName(call) === 'Approve production');
    const gates = child(child(approve?.call, 'when'), 'allOf')?.body ?? [];
    const skipsWhen = gates
      .filter((c) => c.call === 'not')
      .flatMap((c) => c.body)
      .map((c) => `${c.named.name}=${c.named.value}`);
    expect(skipsWhen).toContain('PIPELINE_RELEASED=true');
    // Set in Plan from what `make describe-build` wrote (PIPELINE_RELEASED_AS: the release tags).
    const jenkinsfile = readFileSync(join(repoRoot, 'Jenkinsfile'), 'utf8');
    expect(jenkinsfile).toContain("env.PIPELINE_RELEASED = plan.PIPELINE_RELEASED_AS ? 'true' : 'false'");
  });

  it('renders colours in the console instead of printing escape codes', () => {
    expect(child(child(pipeline, 'options'), 'ansiColor')?.args).toEqual(['xterm']);
  });
});

describe('seed-job.groovy', () => {
  let jobs: Call[];
  beforeAll(async () => {
    const tree = await inspect('--tree', 'jenkins/seed-job.groovy');
    jobs = (JSON.parse(tree.stdout) as { calls: Call[] }).calls.filter(
      (c) => c.call === 'multibranchPipelineJob',
    );
  }, 60_000);

  const calls = (job: Call | undefined, name: string) =>
    flatten(job?.body ?? []).filter(({ call }) => call.call === name);

  it('seeds a job for every other branch, with no credentials of its own', () => {
    const branches = jobs.find((j) => j.args[0] === 'project');
    expect(calls(branches, 'folderCredentialsProperty')).toEqual([]);
    expect(calls(branches, 'gitTagDiscovery')).toEqual([]);
    const filter = calls(branches, 'headWildcardFilter')[0]?.call;
    expect(child(filter, 'excludes')?.args).toEqual(['develop main master']);
  });

  it('keeps the deploy key in the release job, which discovers only develop, main/master and release tags', () => {
    const release = jobs.find((j) => j.args[0] !== 'project');
    const key = calls(release, 'basicSSHUserPrivateKey')[0]?.call;
    expect(child(key, 'id')?.args).toEqual(['deploy-ssh-key']);
    // Two sources: deploying branches by name, and tags only.
    const sources = calls(release, 'branchSource');
    expect(sources).toHaveLength(2);
    const [branches, tags] = sources.map(({ call }) => flatten(call.body).map(({ call }) => call));
    expect(branches?.find((c) => c.call === 'includes')?.args).toEqual(['develop main master']);
    expect(branches?.some((c) => c.call === 'gitTagDiscovery')).toBe(false);
    expect(tags?.some((c) => c.call === 'gitBranchDiscovery')).toBe(false);
    expect(tags?.find((c) => c.call === 'regex')?.args).toEqual(['releaseTags']);
    // The filter matches whole tag names (java.util.regex matches()).
    const source = readFileSync(join(repoRoot, 'jenkins/seed-job.groovy'), 'utf8');
    const releaseTags = new RegExp(`^(?:${/def releaseTags = '([^']+)'/.exec(source)?.[1]})$`);
    for (const t of RELEASE_TAGS) expect(releaseTags.test(t), t).toBe(true);
    for (const t of NOT_RELEASE_TAGS) expect(releaseTags.test(t), t).toBe(false);
  });
});
