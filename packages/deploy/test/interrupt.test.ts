import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Interrupt, SIGNAL_EXIT_CODES, type SignalSource } from '../src/interrupt.js';

/** A stand-in for `process` as a source of signals. */
function fakeSignals(): SignalSource & {
  emit(signal: string): boolean;
  listenerCount(signal: string): number;
} {
  return new EventEmitter() as never;
}

describe('Interrupt', () => {
  it('writes the stop marker on the first signal, and only says more on later ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'interrupt-'));
    const stop = join(dir, 'stop');
    const said: string[] = [];
    const signals = fakeSignals();
    const interrupt = new Interrupt(stop, (line) => said.push(line), signals).install();
    expect(interrupt.signal).toBeUndefined();

    signals.emit('SIGTERM');
    await sleep(50);
    expect(interrupt.signal).toBe('SIGTERM');
    expect(await readFile(stop, 'utf8')).toBe('SIGTERM\n');
    expect(said.join('\n')).toContain('SIGTERM: stopping after the host in progress');

    signals.emit('SIGINT');
    await sleep(50);
    expect(interrupt.signal).toBe('SIGTERM');
    expect(said.at(-1)).toMatch(
      /SIGINT: still finishing the host in progress\. SIGKILL \(kill -9 \d+\) abandons it/,
    );
  });

  it('leaves the process alone once uninstalled', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'interrupt-'));
    const signals = fakeSignals();
    const interrupt = new Interrupt(join(dir, 'stop'), () => {}, signals).install();
    expect(signals.listenerCount('SIGINT')).toBe(1);
    interrupt.uninstall();
    expect(signals.listenerCount('SIGINT')).toBe(0);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
    expect(existsSync(join(dir, 'stop'))).toBe(false);
  });

  it('exits like a process killed by the signal would', () => {
    expect(SIGNAL_EXIT_CODES).toEqual({ SIGINT: 130, SIGTERM: 143 });
  });
});
