import { stripVTControlCharacters } from 'node:util';

/** Where steps write: a stream (a terminal gets bold headers) or a function taking lines. */
export type StepsOutput = { write(text: string): unknown; isTTY?: boolean } | ((line: string) => void);

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** Removes colour and other terminal control sequences (Ansible, Terraform, our own headers). */
export const stripAnsi = stripVTControlCharacters;

/**
 * Named steps with timings, Kamal-style: a header, the work, and how long it took.
 * Headers are bold only on a terminal, so a CI console (Jenkins without ansicolor) gets plain text.
 */
export class Steps {
  private readonly started = Date.now();
  private readonly writeLine: (line: string) => void;
  private readonly tty: boolean;

  constructor(out: StepsOutput = process.stderr) {
    if (typeof out === 'function') {
      this.writeLine = out;
      this.tty = false;
    } else {
      this.writeLine = (line) => out.write(`${line}\n`);
      this.tty = Boolean(out.isTTY);
    }
  }

  async run<T>(name: string, action: () => Promise<T>): Promise<T> {
    this.writeLine(`\n${this.tty ? `\u001b[1m==> ${name}\u001b[0m` : `==> ${name}`}`);
    const t0 = Date.now();
    try {
      const result = await action();
      this.writeLine(`    ${name}: done in ${formatDuration(Date.now() - t0)}`);
      return result;
    } catch (error) {
      this.writeLine(`    ${name}: failed after ${formatDuration(Date.now() - t0)}`);
      throw error;
    }
  }

  line(text: string): void {
    this.writeLine(text);
  }

  elapsed(): number {
    return Date.now() - this.started;
  }

  /** The closing line: `Finished all in 41.2 s`. */
  finished(what = 'all'): void {
    this.writeLine(`\nFinished ${what} in ${formatDuration(this.elapsed())}.`);
  }
}
