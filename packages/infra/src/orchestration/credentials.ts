import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tfvarsString } from '../config/settings';

/**
 * Names the first credential source of the standard AWS chain that is present, or undefined.
 * Presence only: whether the credentials are valid is for AWS to say at plan time.
 */
export function findCredentialSource(env: NodeJS.ProcessEnv, tfvarsText: string): string | undefined {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return 'environment (AWS_ACCESS_KEY_ID)';
  if (env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE)
    return `profile ${env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE}`;
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE) return 'web identity (AWS_WEB_IDENTITY_TOKEN_FILE)';
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI)
    return 'container role';
  // On EC2 the instance role answers through IMDS; probing it here would hang off EC2.
  if (env.SHIPYARD_AWS_INSTANCE_ROLE === '1') return 'instance role (SHIPYARD_AWS_INSTANCE_ROLE=1)';
  if (tfvarsString(tfvarsText, 'aws_access_key_id') && tfvarsString(tfvarsText, 'aws_secret_access_key')) {
    return 'terraform.tfvars (aws_access_key_id)';
  }
  const home = env.HOME ?? os.homedir();
  const files = [
    env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(home, '.aws', 'credentials'),
    env.AWS_CONFIG_FILE ?? path.join(home, '.aws', 'config'),
  ];
  for (const file of files) {
    if (fs.existsSync(file) && /^\s*\[(profile\s+)?default\]/m.test(fs.readFileSync(file, 'utf8'))) {
      return `default profile in ${file}`;
    }
  }
  return undefined;
}

/** What to do when no credentials are found (the hint of the preflight's error). */
export const NO_CREDENTIALS_HINT =
  'Set AWS_PROFILE (see `aws configure` / `aws sso login`), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; on EC2 with an instance role set SHIPYARD_AWS_INSTANCE_ROLE=1. `make preview` needs none.';
