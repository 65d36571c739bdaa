import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, CommanderError } from 'commander';
import { formatError, ShipyardError } from './errors.js';

/**
 * The one top-level handler: runs the program, and turns any error into one line on stderr and
 * an exit code. Commander has printed its own usage errors and help already.
 */
export async function runCli(
  program: Command,
  argv: readonly string[],
  stderr: { write(text: string): unknown } = process.stderr,
): Promise<number> {
  program.exitOverride();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    stderr.write(`${formatError(error)}\n`);
    return error instanceof ShipyardError ? error.exitCode : 1;
  }
}

/** Whether this ES module is the process's entry point (and not imported by a test). */
export function isEntryPoint(moduleUrl: string): boolean {
  const invoked = process.argv[1];
  return invoked !== undefined && realpathSync(invoked) === fileURLToPath(moduleUrl);
}

/** The `version` of the package.json nearest above a module: what `--version` prints. */
export function packageVersion(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file))
      return (JSON.parse(readFileSync(file, 'utf8')) as { version?: string }).version ?? '0.0.0';
    const parent = dirname(dir);
    if (parent === dir) return '0.0.0';
    dir = parent;
  }
}

/** Adds a few examples at the end of a command's help, as commander's own docs suggest. */
export function withExamples<T extends { addHelpText(position: 'after', text: string): T }>(
  command: T,
  lines: readonly string[],
): T {
  return command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}
