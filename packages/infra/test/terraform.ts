import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { packageRoot } from '../src/paths';
import { withProviderMirror } from '../src/terraform/cli-config';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Environment for Terraform: no AWS credentials from the developer's shell, and, when
 * TF_PROVIDER_MIRROR is set (CI cannot reach the registry), a CLI config in `dir` that installs
 * the provider from that mirror. Without it, Terraform installs the provider its normal way.
 */
export function terraformEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1' };
  for (const key of Object.keys(env)) if (key.startsWith('AWS_')) delete env[key];
  env.AWS_EC2_METADATA_DISABLED = 'true';
  // The mirror is the only source then; a plugin cache from the developer's shell would be a second one.
  if (env.TF_PROVIDER_MIRROR) delete env.TF_PLUGIN_CACHE_DIR;
  return withProviderMirror(env, dir);
}

const settle =
  (resolve: (r: Run) => void) =>
  (error: (Error & { code?: unknown }) | null, stdout: string, stderr: string) =>
    resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });

/** Runs `terraform -chdir=<dir> <args>` and resolves with its exit code and output (never rejects). */
export function terraform(dir: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'terraform',
      [`-chdir=${dir}`, ...args, '-no-color'],
      { env, maxBuffer: 64 * 1024 * 1024 },
      settle(resolve),
    );
  });
}

/** Runs the built `infra` CLI (dist/cli.js, as make does) and resolves with its exit code and output. */
export function infra(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(packageRoot, 'dist', 'cli.js'), ...args],
      { env, maxBuffer: 64 * 1024 * 1024 },
      settle(resolve),
    );
  });
}
