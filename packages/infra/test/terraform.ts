import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The provider mirror the tests install from (CI cannot reach the Terraform registry). */
export const providerMirror = process.env.TF_PROVIDER_MIRROR ?? '/opt/tf-plugins';

/** Writes a Terraform CLI config that installs providers from the mirror only. */
export function writeCliConfig(dir: string): string {
  const file = path.join(dir, 'terraform.rc');
  fs.writeFileSync(
    file,
    `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(providerMirror)}\n  }\n}\n`,
  );
  return file;
}

/** Environment for Terraform: the mirror config, no AWS credentials from the developer's shell. */
export function terraformEnv(cliConfig: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1' };
  for (const key of Object.keys(env))
    if (key.startsWith('AWS_') || key === 'TF_PLUGIN_CACHE_DIR') delete env[key];
  env.AWS_EC2_METADATA_DISABLED = 'true';
  return env;
}

/** Runs `terraform -chdir=<dir> <args>` and resolves with its exit code and output (never rejects). */
export function terraform(dir: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'terraform',
      [`-chdir=${dir}`, ...args, '-no-color'],
      { env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
