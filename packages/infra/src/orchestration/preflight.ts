import * as fs from 'node:fs';
import { ShipyardError } from '@shipyard/cli-kit';
import { findCredentialSource, NO_CREDENTIALS_HINT } from './credentials';

/** Reads terraform.tfvars, or refuses: plan, apply, destroy and outputs need the user's values. */
export function readTfvars(file: string): string {
  if (!fs.existsSync(file)) throw new ShipyardError(`${file} not found`, "Run 'make vars' and fill it in.");
  return fs.readFileSync(file, 'utf8');
}

/**
 * The checks before anything touches Terraform or AWS: terraform.tfvars exists, and a source of
 * AWS credentials is in reach. Returns the line naming that source.
 */
export function preflight(tfvars: string, env: NodeJS.ProcessEnv = process.env): string {
  const source = findCredentialSource(env, readTfvars(tfvars));
  if (source === undefined) throw new ShipyardError('no AWS credentials found', NO_CREDENTIALS_HINT);
  return `AWS credentials: ${source}`;
}
