import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatError, Steps } from '@shipyard/cli-kit';
import type { Context } from '../src/orchestration/context';
import type { Captured, Terraform } from '../src/terraform/run';
import { tempDir } from './helpers';

export interface Call {
  readonly mode: 'capture' | 'stream';
  /** The argv without `-chdir=...`, and the stack folder's name (shared, staging, production). */
  readonly stack: string;
  readonly args: readonly string[];
}

export type Answer = (call: Call) => Partial<Captured> | undefined;

/**
 * A stand-in for Terraform at the edge of the orchestration: it records every argv and answers
 * from a function. Like Terraform, a successful plan writes its `-out=` file.
 */
export function fakeTerraform(answer: Answer = () => undefined): Terraform & { calls: Call[] } {
  const calls: Call[] = [];
  const run = (mode: Call['mode'], argv: readonly string[]): Captured => {
    const [chdir = '', ...args] = argv;
    const call = { mode, stack: chdir.split('/').pop() ?? '', args };
    calls.push(call);
    const r = { exitCode: 0, stdout: '', output: '', ...answer(call) };
    const out = args.find((a) => a.startsWith('-out='));
    if (args[0] === 'plan' && out && r.exitCode === 0) fs.writeFileSync(out.slice('-out='.length), 'plan');
    return r;
  };
  return {
    calls,
    capture: async (argv) => run('capture', argv),
    stream: async (argv) => run('stream', argv).exitCode,
  };
}

/** The commands run, one string each: `stack: command args...`. */
export const commandLines = (calls: readonly Call[]) => calls.map((c) => `${c.stack}: ${c.args.join(' ')}`);

export interface TestContext extends Context {
  readonly lines: string[];
  readonly errors: string[];
}

export function testContext(terraform: Terraform): TestContext {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    terraform,
    steps: new Steps((line) => lines.push(line)),
    stderr: (text) => errors.push(text),
    color: false,
    lines,
    errors,
  };
}

/** A `terraform output -json` answer for the shared stack. */
export const outputsAnswer = (json: unknown): Partial<Captured> => ({ stdout: JSON.stringify(json) });

/** The line the top-level handler would print for this rejection (undefined if it resolves). */
export async function errorLine(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return formatError(error);
  }
}

/** A workspace for one command: tfvars, synth folder, plans folder, and an environment with a profile. */
export function workspace(name: string) {
  const dir = tempDir(name);
  const tfvars = path.join(dir, 'terraform.tfvars');
  fs.writeFileSync(tfvars, 'project = "shipyard"\n');
  return {
    dir,
    options: { tfvars, out: path.join(dir, 'out'), plans: path.join(dir, 'plans') },
    env: { HOME: dir, AWS_PROFILE: 'ops' } as NodeJS.ProcessEnv,
  };
}

/** Answers `terraform output -json` of the shared stack with these outputs. */
export const sharedAre = (outputs: unknown) => (call: Call) =>
  call.stack === 'shared' && call.args[0] === 'output' ? outputsAnswer(outputs) : undefined;
