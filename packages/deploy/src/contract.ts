import { readFile } from 'node:fs/promises';
import { ShipyardError } from '@shipyard/cli-kit';
import {
  type DeployContract,
  deployContractFromOutputs,
  describeIssue,
  type Environment,
  type Outputs,
  outputsSchema,
} from '@shipyard/contracts';

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
