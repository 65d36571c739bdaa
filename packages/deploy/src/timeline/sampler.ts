import { setTimeout as sleep } from 'node:timers/promises';
import { parseShowStat, type StatRow, showStat } from './haproxy-stats.js';

/** What every HAProxy socket said at one instant; a socket that did not answer is missing. */
export interface StatSample {
  readonly t: number;
  readonly bySocket: Readonly<Record<string, readonly StatRow[]>>;
}

export interface Sampler {
  /** Takes one last sample, stops, and returns every sample in order. */
  stop(): Promise<StatSample[]>;
}

type Ask = (socket: string) => Promise<string>;

async function sampleOnce(sockets: readonly string[], ask: Ask): Promise<StatSample> {
  const t = Date.now();
  const answers = await Promise.all(
    sockets.map(async (socket) => {
      try {
        return [socket, parseShowStat(await ask(socket))] as const;
      } catch {
        // A socket that does not answer this second (HAProxy reloading) leaves a gap, not an error.
        return undefined;
      }
    }),
  );
  return { t, bySocket: Object.fromEntries(answers.filter((a) => a !== undefined)) };
}

/**
 * Reads `show stat` from each HAProxy socket once every `everyMs`, from now until stopped. The
 * counters are cumulative, so a late or missed tick loses no request: the next interval is longer.
 */
export function startSampler(sockets: readonly string[], everyMs = 1000, ask: Ask = showStat): Sampler {
  const samples: StatSample[] = [];
  let stopping = false;
  let wake: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const loop = (async () => {
    while (!stopping) {
      const started = Date.now();
      samples.push(await sampleOnce(sockets, ask));
      await Promise.race([sleep(Math.max(0, everyMs - (Date.now() - started))), stopped]);
    }
  })();
  return {
    async stop() {
      stopping = true;
      wake();
      await loop;
      samples.push(await sampleOnce(sockets, ask));
      return samples;
    },
  };
}
