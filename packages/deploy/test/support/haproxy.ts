import net from 'node:net';

/** Sends one command to HAProxy's admin socket and resolves with the whole answer. */
export function haproxyCommand(socket: string, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socket);
    let answer = '';
    conn.setEncoding('utf8');
    conn.setTimeout(5000, () => conn.destroy(new Error(`HAProxy socket ${socket} did not answer`)));
    conn.on('connect', () => conn.end(`${command}\n`));
    conn.on('data', (chunk: string) => {
      answer += chunk;
    });
    conn.on('end', () => resolve(answer));
    conn.on('error', reject);
  });
}

/** One server's status (UP, DOWN, MAINT, "UP 1/2"...) as `show stat` reports it. */
export async function haproxyServerStatus(socket: string, backend: string, server: string): Promise<string> {
  const lines = (await haproxyCommand(socket, 'show stat')).split('\n').filter(Boolean);
  const header = (lines[0] ?? '').replace(/^# /, '').split(',');
  for (const line of lines.slice(1)) {
    const fields = line.split(',');
    if (fields[header.indexOf('pxname')] === backend && fields[header.indexOf('svname')] === server) {
      return fields[header.indexOf('status')] ?? '';
    }
  }
  throw new Error(`HAProxy has no server ${server} in backend ${backend}`);
}
