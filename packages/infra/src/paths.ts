import * as path from 'node:path';

// src/ and dist/ sit at the same depth, so this holds for compiled and test code alike.
export const packageRoot = path.resolve(__dirname, '..');
export const repoRoot = path.resolve(packageRoot, '..', '..');

/** Where the Jenkins bootstrap files live (rendered into the Jenkins server's user data). */
export const jenkinsBootstrapDir = path.join(repoRoot, 'jenkins');

/** The defaults of the `infra` CLI's path options (mk/infra.mk passes its variables only when set). */
export const defaults = {
  tfvars: path.join(repoRoot, 'terraform.tfvars'),
  tfvarsExample: path.join(repoRoot, 'terraform.tfvars.example'),
  /** What preview plans with when there is no terraform.tfvars. */
  previewTfvars: path.join(packageRoot, 'preview.tfvars'),
  liveOut: path.join(packageRoot, 'cdktf.out', 'live'),
  previewOut: path.join(packageRoot, 'cdktf.out', 'preview'),
  plans: path.join(packageRoot, 'cdktf.out', 'plans'),
  outputs: path.join(repoRoot, 'outputs.json'),
  hcl: path.join(repoRoot, 'infra-hcl'),
} as const;
