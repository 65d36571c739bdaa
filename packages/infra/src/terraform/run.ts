import { ShipyardError } from '@shipyard/cli-kit';

export interface Captured {
  readonly exitCode: number;
  /** stdout alone (JSON output, `state list`). */
  readonly stdout: string;
  /** stdout and stderr interleaved, as a person would have seen them. */
  readonly output: string;
}

/** Runs `terraform` with an argv from ./args.ts. Tests substitute a fake. */
export interface Terraform {
  /** Runs it and keeps its output (init, -json plans, outputs, state list, preview's parallel plans). */
  capture(args: readonly string[]): Promise<Captured>;
  /** Runs it with its output shown as it comes (show, apply, destroy); resolves with the exit code. */
  stream(args: readonly string[]): Promise<number>;
}

const NOT_INSTALLED_HINT =
  'Install Terraform 1.10 or later: https://developer.hashicorp.com/terraform/install';

/** The exit code, or one line when Terraform could not be started at all (not installed: ENOENT). */
function exitCodeOf(result: { exitCode?: number | undefined; code?: string | undefined }): number {
  if (result.exitCode === undefined) {
    throw new ShipyardError(
      `terraform could not be started (${result.code ?? 'no exit code'})`,
      NOT_INSTALLED_HINT,
    );
  }
  return result.exitCode;
}

/** execa, loaded when Terraform first runs: it costs ~70 ms at start, and a synth never needs it. */
const loadExeca = async () => (await import('execa')).execa;

/** The real Terraform: execa with an argv array, never a shell; stdin closed (`-input=false`). */
export function terraformCli(env: NodeJS.ProcessEnv = process.env): Terraform {
  const base = { env, extendEnv: false, reject: false, stdin: 'ignore' } as const;
  return {
    async capture(args) {
      const execa = await loadExeca();
      const r = await execa('terraform', [...args], { ...base, all: true, stripFinalNewline: false });
      return { exitCode: exitCodeOf(r), stdout: r.stdout, output: r.all };
    },
    async stream(args) {
      const execa = await loadExeca();
      const r = await execa('terraform', [...args], { ...base, stdout: 'inherit', stderr: 'inherit' });
      return exitCodeOf(r);
    },
  };
}
