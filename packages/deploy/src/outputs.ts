import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { DeployError } from './errors.js';

const instance = z.object({
  id: z.string().min(1),
  publicIp: z.string().min(1),
  privateIp: z.string().min(1),
});

const environment = z.object({
  albDnsName: z.string(),
  albUrl: z.string(),
  targetGroupArn: z.string().min(1),
  instances: z.array(instance),
});

/** The infrastructure outputs (docs/contracts.md §1). */
export const outputsSchema = z.object({
  project: z.string().min(1),
  region: z.string().min(1),
  appPort: z.number().int().min(1).max(65535),
  sshUser: z.string().min(1),
  ecrRepositoryUrl: z.string().min(1),
  jenkinsUrl: z.string(),
  environments: z.object({ staging: environment, production: environment }),
});

export type Outputs = z.infer<typeof outputsSchema>;

const MAKE_OUTPUTS =
  'Run `make outputs` after `make infra-apply`, or pass --outputs <file> / --inventory <file>.';

export function parseOutputs(text: string, file: string): Outputs {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DeployError(`outputs file ${file} is not JSON (${(error as Error).message})`, MAKE_OUTPUTS);
  }
  const result = outputsSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
    throw new DeployError(
      `outputs file ${file} has the wrong shape at ${where}: ${issue?.message ?? 'invalid'}`,
      'See docs/contracts.md §1 for the expected shape.',
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
    throw new DeployError(`outputs file ${file} ${what}`, MAKE_OUTPUTS);
  }
  return parseOutputs(text, file);
}
