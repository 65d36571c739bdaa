import { read } from 'read';

/** Questions the command asks at a terminal; a non-interactive run gets none. */
export interface Prompter {
  /** Whether there is someone to ask (stdin is a terminal). */
  readonly interactive: boolean;
  /** Asks with echo off: nothing typed reaches the screen, the log or the scrollback. */
  secret(question: string): Promise<string>;
  /** Asks with echo on, for what is not secret (a file path). */
  line(question: string): Promise<string>;
}

/** Prompts on stderr, so stdout keeps only the steps. */
export function terminalPrompter(): Prompter {
  const io = { input: process.stdin, output: process.stderr };
  return {
    interactive: Boolean(process.stdin.isTTY),
    secret: async (prompt) => String(await read({ ...io, prompt, silent: true, replace: '' })),
    line: async (prompt) => String(await read({ ...io, prompt })),
  };
}

/** For runs without a terminal (CI, tests): asking is a bug. */
export const noPrompter: Prompter = {
  interactive: false,
  secret: () => Promise.reject(new Error('no terminal to ask')),
  line: () => Promise.reject(new Error('no terminal to ask')),
};
