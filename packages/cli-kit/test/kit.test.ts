import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { formatDuration, runCli, ShipyardError, Steps, stripAnsi } from '../src/index.js';

const collect = () => {
  const lines: string[] = [];
  return { lines, write: (text: string) => lines.push(text) };
};

describe('runCli', () => {
  const program = (action: () => void) =>
    new Command('tool').configureOutput({ writeErr: () => {}, writeOut: () => {} }).action(action);

  it('turns a ShipyardError into one line with its hint and its exit code', async () => {
    const err = collect();
    const code = await runCli(
      program(() => {
        throw new ShipyardError('no outputs file', 'Run `make outputs`.', 3);
      }),
      ['node', 'tool'],
      err,
    );
    expect(code).toBe(3);
    expect(err.lines).toEqual(['error: no outputs file. Run `make outputs`.\n']);
  });

  it('reports any other error as one line and exit 1', async () => {
    const err = collect();
    const code = await runCli(
      program(() => Promise.reject(new Error('boom'))),
      ['node', 'tool'],
      err,
    );
    expect([code, err.lines]).toEqual([1, ['error: boom\n']]);
  });

  it("keeps commander's own exit code for usage errors", async () => {
    const code = await runCli(
      program(() => {}).option('--env <name>'),
      ['node', 'tool', '--nope'],
      collect(),
    );
    expect(code).toBe(1);
  });

  it('returns 0 when the action succeeds', async () => {
    expect(
      await runCli(
        program(() => {}),
        ['node', 'tool'],
        collect(),
      ),
    ).toBe(0);
  });
});

describe('Steps', () => {
  it('names each step and its duration, in plain text off a terminal', async () => {
    const lines: string[] = [];
    const steps = new Steps((line) => lines.push(line));
    expect(await steps.run('Deploy to web-1', async () => 42)).toBe(42);
    await expect(steps.run('Deploy to web-2', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(lines[0]).toBe('\n==> Deploy to web-1');
    expect(lines[1]).toMatch(/^ {4}Deploy to web-1: done in \d+\.\d s$/);
    expect(lines[3]).toMatch(/^ {4}Deploy to web-2: failed after \d+\.\d s$/);
    expect(lines.join('')).not.toContain('\u001b');
  });

  it('makes headers bold on a terminal only', async () => {
    const out = { ...collect(), isTTY: true };
    await new Steps(out).run('Build', async () => {});
    expect(out.lines[0]).toBe('\n\u001b[1m==> Build\u001b[0m\n');
    expect(stripAnsi(out.lines[0] ?? '')).toBe('\n==> Build\n');
  });
});

describe('formatDuration', () => {
  it.each([
    [41_234, '41.2 s'],
    [61_000, '1 min 1 s'],
    [3_599_000, '59 min 59 s'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
