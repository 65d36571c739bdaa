import type { Environment } from '@shipyard/contracts';
import { haproxyPaths, serverStatus } from './haproxy.js';
import type { DemoSettings } from './settings.js';

export interface HostWindow {
  readonly host: string;
  /** From leaving UP (drained/disabled by the deploy) to being UP again, in ms. */
  readonly ms: number;
}

/**
 * Watches HAProxy's view of the servers while a deploy runs, and measures each host's roll-out
 * from the load balancer's side: the time it was out of rotation. Independent of Ansible's
 * own timings, so it also shows what traffic saw.
 */
export function watchServers(settings: DemoSettings, envs: readonly Environment[], everyMs = 100) {
  const leftAt = new Map<string, number>();
  const windows: HostWindow[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const now = Date.now();
      for (const env of envs) {
        const status = await serverStatus(haproxyPaths(settings, env).socket, env).catch(
          () => new Map<string, string>(),
        );
        for (const [host, state] of status) {
          // "UP 1/2" (one failed check, still in rotation) still takes traffic, so it counts as up.
          const up = state.startsWith('UP');
          const since = leftAt.get(host);
          if (!up && since === undefined) leftAt.set(host, now);
          if (up && since !== undefined) {
            windows.push({ host, ms: now - since });
            leftAt.delete(host);
          }
        }
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop(): Promise<HostWindow[]> {
      stopped = true;
      await loop;
      return windows;
    },
  };
}
