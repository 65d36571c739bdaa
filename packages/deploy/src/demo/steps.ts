/** Kamal-style named steps: a header, the work, and how long it took. */
export type Log = (line: string) => void;

export const defaultLog: Log = (line) => process.stdout.write(`${line}\n`);

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

export async function step<T>(name: string, work: () => Promise<T>, log: Log = defaultLog): Promise<T> {
  log(`\n\u001b[1m==> ${name}\u001b[0m`);
  const started = Date.now();
  const result = await work();
  log(`    done in ${seconds(Date.now() - started)}`);
  return result;
}
