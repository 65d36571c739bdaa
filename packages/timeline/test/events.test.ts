import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEvents, readEvents } from '../src/events.js';

const line = (o: object) => JSON.stringify(o);

describe('parseEvents', () => {
  it('reads one event per line, ordered by time, skipping blank lines', () => {
    const text = [
      line({ t: 2000, host: 'b', phase: 'in', image: 'r/app:2' }),
      '',
      line({ t: 1000, host: 'a', phase: 'out', image: 'r/app:2' }),
      '   ',
      line({ t: 1000, host: 'a', phase: 'starting', image: 'r/app:2' }),
      '',
    ].join('\n');
    expect(parseEvents(text)).toEqual([
      { t: 1000, host: 'a', phase: 'out', image: 'r/app:2' },
      { t: 1000, host: 'a', phase: 'starting', image: 'r/app:2' },
      { t: 2000, host: 'b', phase: 'in', image: 'r/app:2' },
    ]);
  });

  it('reads a time written as a string of digits, as a nested Ansible template renders it', () => {
    expect(parseEvents(line({ t: '1500', host: 'a', phase: 'in', image: 'x' }))).toEqual([
      { t: 1500, host: 'a', phase: 'in', image: 'x' },
    ]);
  });

  it('takes an event without an image, with an empty one', () => {
    expect(parseEvents(line({ t: 1, host: 'a', phase: 'failed' }))).toEqual([
      { t: 1, host: 'a', phase: 'failed', image: '' },
    ]);
  });

  it.each([
    ['not JSON', '{"t": 1, "host"'],
    ['an unknown phase', line({ t: 1, host: 'a', phase: 'drained', image: 'x' })],
    ['a time that is not a number', line({ t: '12:00', host: 'a', phase: 'in', image: 'x' })],
    ['no host', line({ t: 1, phase: 'in', image: 'x' })],
  ])('refuses %s, naming the line and the expected shape', (_, bad) => {
    const text = `${line({ t: 1, host: 'a', phase: 'out', image: 'x' })}\n\n${bad}\n`;
    expect(() => parseEvents(text, 'events.jsonl')).toThrow(ShipyardError);
    expect(() => parseEvents(text, 'events.jsonl')).toThrow(/^line 3 of events.jsonl is not a phase event/);
    try {
      parseEvents(text);
    } catch (error) {
      expect((error as ShipyardError).hint).toContain('"phase": "out|starting|baking|in|failed|rollback"');
    }
  });
});

describe('readEvents', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads a file, and treats a file that was never written as no events', async () => {
    dir = await mkdtemp(join(tmpdir(), 'timeline-events-'));
    const file = join(dir, 'events.jsonl');
    expect(await readEvents(file)).toEqual([]);
    await writeFile(file, `${line({ t: 5, host: 'a', phase: 'in', image: 'r/app:1' })}\n`);
    expect(await readEvents(file)).toEqual([{ t: 5, host: 'a', phase: 'in', image: 'r/app:1' }]);
  });
});
