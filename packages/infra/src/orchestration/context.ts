import { Steps } from '@shipyard/cli-kit';
import { type Terraform, terraformCli } from '../terraform/run';

/** What every orchestration step gets: Terraform to run, named steps, and stderr. */
export interface Context {
  readonly terraform: Terraform;
  /** Headers, timings and plain lines, on stdout (stderr is kept for errors). */
  readonly steps: Steps;
  readonly stderr: (text: string) => void;
  /** Whether Terraform may colour its output (stdout is a terminal). */
  readonly color: boolean;
}

export function cliContext(env: NodeJS.ProcessEnv = process.env): Context {
  return {
    terraform: terraformCli(env),
    steps: new Steps(process.stdout),
    stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    color: Boolean(process.stdout.isTTY),
  };
}
