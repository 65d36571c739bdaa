import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import {
  DEFAULT_PROJECT,
  type DeployContract,
  deployContractFromOutputs,
  deployContractParameter,
  describeIssue,
  type Environment,
  type Outputs,
  outputsSchema,
} from '@shipyard/contracts';
import { defaultOutputsFile } from './paths.js';
import { contractFromSsm } from './ssm-contract.js';

const MAKE_OUTPUTS = 'Run `make outputs` after `make apply`, or pass --outputs <file> / --inventory <file>.';

/** Parses outputs.json with the schema infra writes it with (docs/contracts.md §1). */
export function parseOutputs(text: string, file: string): Outputs {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ShipyardError(`outputs file ${file} is not JSON (${(error as Error).message})`, MAKE_OUTPUTS);
  }
  const result = outputsSchema.safeParse(json);
  if (!result.success) {
    throw new ShipyardError(
      `outputs file ${file} has the wrong shape at ${describeIssue(result.error)}`,
      'See docs/contracts.md §1 for the expected shape, or run `make outputs` again.',
    );
  }
  return result.data;
}

export async function loadOutputs(file: string): Promise<Outputs> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'unknown error'})`;
    throw new ShipyardError(`outputs file ${file} ${what}`, MAKE_OUTPUTS);
  }
  return parseOutputs(text, file);
}

/** One environment's deploy contract, from an outputs.json file. */
export async function contractFromOutputsFile(file: string, env: Environment): Promise<DeployContract> {
  return deployContractFromOutputs(await loadOutputs(file), env);
}

/** Where a deploy contract comes from: an outputs file, or the SSM parameter the infrastructure writes. */
export type ContractSource =
  | { readonly kind: 'outputs'; readonly file: string }
  | { readonly kind: 'ssm'; readonly project: string; readonly parameter: string };

export interface ContractOptions {
  /** --outputs: an outputs file, which must exist. */
  readonly outputs?: string | undefined;
  /** --project / PROJECT: names the SSM parameter. @default shipyard */
  readonly project?: string | undefined;
  /** --from-ssm: the SSM parameter even if an outputs file exists (the pipeline: never a stale file). */
  readonly fromSsm?: boolean | undefined;
}

/**
 * The outputs file read when --outputs is not given: outputs.json at the repository root
 * (`make outputs` writes it), or SHIPYARD_OUTPUTS.
 */
export function implicitOutputsFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.SHIPYARD_OUTPUTS ? resolve(env.SHIPYARD_OUTPUTS) : defaultOutputsFile;
}

/**
 * --outputs if given; else the implicit outputs file if it exists (a laptop after `make outputs`)
 * and --from-ssm is not set; else the SSM parameter `/<project>/deploy/<env>`, which Terraform
 * keeps current (the pipeline passes --from-ssm: a file left in a reused workspace never counts).
 */
export function contractSource(
  options: ContractOptions,
  env: Environment,
  implicitFile: string = implicitOutputsFile(),
  exists: (file: string) => boolean = existsSync,
): ContractSource {
  if (options.outputs && options.fromSsm) {
    throw new ShipyardError('--outputs and --from-ssm exclude each other', 'Pass one of them.');
  }
  if (options.outputs) return { kind: 'outputs', file: resolve(options.outputs) };
  if (!options.fromSsm && exists(implicitFile)) return { kind: 'outputs', file: implicitFile };
  const project = options.project ?? DEFAULT_PROJECT;
  return { kind: 'ssm', project, parameter: deployContractParameter(project, env) };
}

/** Says where a contract came from, for the inventory's header and the logs. */
export function describeSource(source: ContractSource): string {
  return source.kind === 'outputs' ? `outputs file ${source.file}` : `SSM parameter ${source.parameter}`;
}

/** One environment's deploy contract, from wherever `contractSource` says. */
export async function loadContract(source: ContractSource, env: Environment): Promise<DeployContract> {
  return source.kind === 'outputs'
    ? contractFromOutputsFile(source.file, env)
    : contractFromSsm(source.project, env);
}
