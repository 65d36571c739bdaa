import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StackName } from './stacks';

/** What `infra plan` saves for one stack, for `infra apply` to check and apply. */
export interface PlanFiles {
  readonly plan: string;
  /** Hash of what the plan was made from (see fingerprint). */
  readonly fingerprint: string;
  /** The shared stack's outputs the environment was planned with (a var file). */
  readonly inputs: string;
}

export function planFiles(plansDir: string, stack: StackName): PlanFiles {
  const file = (ext: string) => path.join(plansDir, `${stack}.${ext}`);
  return { plan: file('tfplan'), fingerprint: file('fingerprint'), inputs: file('inputs.json') };
}

/**
 * What a saved plan was made from: the synthesized configuration, terraform.tfvars and, for an
 * environment, the shared inputs. SHA-256 of the files' bytes one after the other.
 */
export function fingerprint(files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) hash.update(fs.readFileSync(file));
  return hash.digest('hex');
}

/** Removes a stack's saved plan, so a failed or applied plan can never be applied (again). */
export function forgetPlan(files: PlanFiles): void {
  fs.rmSync(files.plan, { force: true });
  fs.rmSync(files.fingerprint, { force: true });
}
