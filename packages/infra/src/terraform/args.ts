/**
 * Terraform command lines, built apart from running them: each function returns the exact argv
 * handed to `terraform` (never a shell string), so a test can assert it.
 */

/** The variable files and single variables a plan, apply or destroy takes. */
export interface VarOptions {
  /** terraform.tfvars (or preview.tfvars). */
  readonly tfvars: string;
  /** The environment stacks' inputs from the shared stack (a `.json` var file). */
  readonly sharedInputs?: string | undefined;
  /** `-var=name=value` pairs, after the files so they win. */
  readonly vars?: Readonly<Record<string, string>> | undefined;
}

export interface PlanOptions extends VarOptions {
  readonly dir: string;
  /** Save the plan here (`-out`), for `terraform apply <file>`. */
  readonly out?: string | undefined;
  /** Machine-readable output: one JSON object per line, errors included. */
  readonly json?: boolean | undefined;
  /** false skips the state lock: preview's state is thrown away. */
  readonly lock?: boolean | undefined;
  /** false adds `-no-color` (output that is not a terminal). */
  readonly color?: boolean | undefined;
}

const chdir = (dir: string) => `-chdir=${dir}`;
const noColor = (color: boolean | undefined) => (color === false ? ['-no-color'] : []);

export function varArgs(o: VarOptions): string[] {
  return [
    `-var-file=${o.tfvars}`,
    ...(o.sharedInputs ? [`-var-file=${o.sharedInputs}`] : []),
    ...Object.entries(o.vars ?? {}).map(([name, value]) => `-var=${name}=${value}`),
  ];
}

/** init is quiet on success; its output only matters when it fails. */
export function initArgs(dir: string): string[] {
  return [chdir(dir), 'init', '-input=false', '-no-color'];
}

export function planArgs(o: PlanOptions): string[] {
  return [
    chdir(o.dir),
    'plan',
    '-input=false',
    ...(o.lock === false ? ['-lock=false'] : []),
    ...(o.json ? ['-json'] : noColor(o.color)),
    ...varArgs(o),
    ...(o.out ? [`-out=${o.out}`] : []),
  ];
}

export function showPlanArgs(o: { dir: string; plan: string; color?: boolean | undefined }): string[] {
  return [chdir(o.dir), 'show', ...noColor(o.color), o.plan];
}

/** Applies a saved plan: exactly what was reviewed, nothing re-planned. */
export function applyPlanArgs(o: { dir: string; plan: string; color?: boolean | undefined }): string[] {
  return [chdir(o.dir), 'apply', '-input=false', ...noColor(o.color), o.plan];
}

/** Applies one resource only (production's ALB, to lift its deletion protection before destroy). */
export function targetedApplyArgs(o: VarOptions & { dir: string; target: string }): string[] {
  return [chdir(o.dir), 'apply', '-input=false', '-auto-approve', ...varArgs(o), `-target=${o.target}`];
}

/** Destroys without Terraform's own prompt: the `infra destroy` confirmation comes first. */
export function destroyArgs(o: VarOptions & { dir: string }): string[] {
  return [chdir(o.dir), 'destroy', '-input=false', '-auto-approve', ...varArgs(o)];
}

export function outputJsonArgs(dir: string): string[] {
  return [chdir(dir), 'output', '-json'];
}

export function stateListArgs(dir: string): string[] {
  return [chdir(dir), 'state', 'list'];
}

export function validateArgs(dir: string): string[] {
  return [chdir(dir), 'validate', '-no-color'];
}

/** Rewrites a folder's `.tf` files in Terraform's canonical layout. */
export function fmtArgs(dir: string): string[] {
  return [chdir(dir), 'fmt', '-list=false'];
}
