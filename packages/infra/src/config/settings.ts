import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot, repoRoot } from '../paths';

/**
 * Settings that must be known at synth time because Terraform cannot take them from variables:
 * the backend (a backend block accepts no variables) and preview mode.
 */
export interface SynthSettings {
  /** Folder cdktf writes `stacks/<name>/cdk.tf.json` into. */
  readonly outdir: string;
  /** S3 bucket for remote state; undefined means local state files. */
  readonly stateBucket?: string;
  /** Region of the state bucket. */
  readonly stateRegion: string;
  /** Prefix of each stack's state key (`<prefix>/<stack>.tfstate`): the project name. */
  readonly stateKeyPrefix: string;
  /** Folder for local state files, used when no bucket is set. */
  readonly localStateDir: string;
  /** Offline preview: fake credentials, provider skip flags, throw-away local state. */
  readonly preview: boolean;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Reads a top-level string attribute (`key = "value"`) from a tfvars file. Enough for the two
 * settings read at synth time; Terraform itself parses and validates the whole file at plan.
 */
export function tfvarsString(text: string, key: string): string | undefined {
  const match = new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"\\s*(?:#.*)?$`, 'm').exec(text);
  return match?.[1];
}

/**
 * Resolves the synth settings from the environment first (`SHIPYARD_STATE_BUCKET`,
 * `SHIPYARD_STATE_REGION`, `SHIPYARD_PREVIEW`, `SHIPYARD_TFVARS`, `CDKTF_OUTDIR`), then from
 * `terraform.tfvars` (`state_bucket`, `region`, `project`).
 */
export function readSynthSettings(env: NodeJS.ProcessEnv = process.env): SynthSettings {
  const preview = env.SHIPYARD_PREVIEW === '1';
  const tfvarsPath = env.SHIPYARD_TFVARS ?? path.join(repoRoot, 'terraform.tfvars');
  const tfvars = fs.existsSync(tfvarsPath) ? fs.readFileSync(tfvarsPath, 'utf8') : '';
  const bucket = env.SHIPYARD_STATE_BUCKET ?? tfvarsString(tfvars, 'state_bucket') ?? '';
  if (bucket !== '' && !BUCKET.test(bucket)) {
    throw new Error(
      `state_bucket "${bucket}" is not a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens); fix it in terraform.tfvars or SHIPYARD_STATE_BUCKET.`,
    );
  }
  const defaultOutdir = path.join(packageRoot, 'cdktf.out', preview ? 'preview' : 'live');
  return {
    outdir: env.CDKTF_OUTDIR ?? defaultOutdir,
    // Preview must never touch a real bucket: it has fake credentials and nothing to keep.
    stateBucket: preview || bucket === '' ? undefined : bucket,
    stateRegion: env.SHIPYARD_STATE_REGION ?? tfvarsString(tfvars, 'region') ?? 'eu-west-1',
    stateKeyPrefix: tfvarsString(tfvars, 'project') ?? 'shipyard',
    localStateDir: path.join(packageRoot, 'state'),
    preview,
  };
}
