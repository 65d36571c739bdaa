import { stripAnsi } from '@shipyard/cli-kit';
export interface HostRecap {
  host: string;
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export interface RecapSummary {
  hosts: number;
  ok: number;
  changed: number;
  failed: number;
  unreachable: number;
}

const LINE =
  /^(\S+)\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)(?:\s+skipped=(\d+))?(?:\s+rescued=(\d+))?(?:\s+ignored=(\d+))?/;

/** Parses the last PLAY RECAP block of ansible-playbook's output. */
export function parseRecap(output: string): HostRecap[] {
  const lines = stripAnsi(output).split('\n');
  const start = lines.findLastIndex((line) => line.startsWith('PLAY RECAP'));
  if (start < 0) return [];
  const hosts: HostRecap[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = LINE.exec(line.trim());
    if (!m) continue;
    const n = (i: number) => Number(m[i] ?? 0);
    hosts.push({
      host: m[1] ?? '',
      ok: n(2),
      changed: n(3),
      unreachable: n(4),
      failed: n(5),
      skipped: n(6),
      rescued: n(7),
      ignored: n(8),
    });
  }
  return hosts;
}

/**
 * Host counts, leaving out `localhost`: the playbooks' first play checks the extra vars there,
 * and it is no deploy target.
 */
export function summarize(recap: HostRecap[]): RecapSummary {
  const targets = recap.filter((host) => host.host !== 'localhost');
  return {
    hosts: targets.length,
    ok: targets.filter((h) => h.failed === 0 && h.unreachable === 0).length,
    changed: targets.filter((h) => h.changed > 0).length,
    failed: targets.filter((h) => h.failed > 0).length,
    unreachable: targets.filter((h) => h.unreachable > 0).length,
  };
}
