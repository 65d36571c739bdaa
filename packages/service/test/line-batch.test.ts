import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LineBatch } from '../src/line-batch.js';
import { dist, ensureBuilt } from './process.js';

let dir: string;
let file: string;
let fd: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'line-batch-'));
  file = join(dir, 'out.log');
  fd = openSync(file, 'w');
});

afterEach(() => {
  try {
    closeSync(fd);
  } catch {
    // closed by the batch
  }
  rmSync(dir, { recursive: true, force: true });
});

const closed = (batch: LineBatch) => new Promise<void>((resolve) => batch.close(resolve));

describe('LineBatch', () => {
  it('writes every line, in order and intact, across many turns', async () => {
    const batch = new LineBatch(fd);
    const lines: string[] = [];
    for (let turn = 0; turn < 200; turn++) {
      for (let n = 0; n < 37; n++) {
        const line = `{"turn":${turn},"n":${n},"text":"naïve … ${'x'.repeat(turn)}"}\n`;
        lines.push(line);
        expect(batch.write(line)).toBe(true);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    await closed(batch);
    expect(readFileSync(file, 'utf8')).toBe(lines.join(''));
  });

  it('writes a line at the end of its turn, without waiting for more', async () => {
    const batch = new LineBatch(fd);
    batch.write('{"msg":"alone"}\n');
    expect(readFileSync(file, 'utf8')).toBe('');
    let content = '';
    for (let attempt = 0; attempt < 100 && content === ''; attempt++) {
      await sleep(10);
      content = readFileSync(file, 'utf8');
    }
    expect(content).toBe('{"msg":"alone"}\n');
    await closed(batch);
  });

  it('drops lines written after close instead of throwing', async () => {
    const batch = new LineBatch(fd);
    batch.write('kept\n');
    await closed(batch);
    expect(batch.write('dropped\n')).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(readFileSync(file, 'utf8')).toBe('kept\n');
  });
});

describe('the production logger, in a process that crashes', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('still writes the lines queued when an uncaught exception ends the process', () => {
    const script = `
      import { loadConfig } from ${JSON.stringify(join(dist, 'config.js'))};
      import { createLogger } from ${JSON.stringify(join(dist, 'logger.js'))};
      const logger = createLogger(loadConfig({}));
      logger.info('first');
      logger.info('last words');
      throw new Error('boom');
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('boom');
    const messages = result.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toEqual(['first', 'last words']);
  });
});
