import type { Writable } from 'node:stream';

const bold = (text: string, tty: boolean) => (tty ? `\u001b[1m${text}\u001b[0m` : text);

export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * Named steps with timings, Kamal-style. Headers go to stderr so stdout stays for data
 * (`deploy inventory` prints YAML there).
 */
export class Steps {
  private readonly started = Date.now();
  private readonly tty: boolean;

  constructor(private readonly out: Writable & { isTTY?: boolean } = process.stderr) {
    this.tty = Boolean(out.isTTY);
  }

  async run<T>(name: string, action: () => Promise<T>): Promise<T> {
    this.out.write(`\n${bold(`==> ${name}`, this.tty)}\n`);
    const t0 = Date.now();
    try {
      const result = await action();
      this.out.write(`    ${name}: done in ${formatDuration(Date.now() - t0)}\n`);
      return result;
    } catch (error) {
      this.out.write(`    ${name}: failed after ${formatDuration(Date.now() - t0)}\n`);
      throw error;
    }
  }

  line(text: string): void {
    this.out.write(`${text}\n`);
  }

  elapsed(): number {
    return Date.now() - this.started;
  }
}
