import net from 'node:net';

/** One server's (or a backend's) counters from HAProxy's `show stat`. */
export interface StatRow {
  /** Backend (or frontend) name: `pxname`. */
  readonly proxy: string;
  /** Server name, or BACKEND / FRONTEND for the proxy's own totals: `svname`. */
  readonly server: string;
  /** HTTP requests sent to the server so far: `req_tot`. */
  readonly requests: number;
  /** 5xx answers so far, HAProxy's own 503s included on the BACKEND row: `hrsp_5xx`. */
  readonly errors5xx: number;
  /** UP, DOWN, MAINT, DRAIN, "UP 1/2", ... */
  readonly status: string;
}

const count = (value: string | undefined) => {
  const n = Number(value);
  return value === undefined || value === '' || !Number.isFinite(n) ? 0 : n;
};

/** Parses `show stat` CSV (header line `# pxname,svname,...`). Pure. */
export function parseShowStat(csv: string): StatRow[] {
  const lines = csv.split('\n').filter((l) => l.trim().length > 0);
  const header = (lines[0] ?? '').replace(/^# /, '').split(',');
  const col = (name: string) => header.indexOf(name);
  const [px, sv, req, e5, st] = ['pxname', 'svname', 'req_tot', 'hrsp_5xx', 'status'].map(col);
  if ([px, sv, req, e5, st].some((i) => i === undefined || i < 0)) return [];
  return lines.slice(1).map((line) => {
    const f = line.split(',');
    return {
      proxy: f[px as number] ?? '',
      server: f[sv as number] ?? '',
      requests: count(f[req as number]),
      errors5xx: count(f[e5 as number]),
      status: f[st as number] ?? '',
    };
  });
}

/** Sends one command to an HAProxy admin/stats socket; resolves with the whole answer. */
export function haproxyCommand(socket: string, command: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socket);
    let answer = '';
    conn.setEncoding('utf8');
    conn.setTimeout(timeoutMs, () => conn.destroy(new Error(`HAProxy socket ${socket} did not answer`)));
    conn.on('connect', () => conn.end(`${command}\n`));
    conn.on('data', (chunk: string) => {
      answer += chunk;
    });
    conn.on('end', () => resolve(answer));
    conn.on('error', reject);
  });
}

/** Asks an HAProxy admin/stats socket for `show stat`; resolves with the raw CSV. */
export const showStat = (socket: string, timeoutMs = 2000): Promise<string> =>
  haproxyCommand(socket, 'show stat', timeoutMs);
