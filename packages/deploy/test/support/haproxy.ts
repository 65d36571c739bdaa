import { parseShowStat, haproxyCommand as send } from '../../src/timeline/haproxy-stats.js';

/** Sends one command to HAProxy's admin socket and resolves with the whole answer. */
export const haproxyCommand = (socket: string, command: string): Promise<string> =>
  send(socket, command, 5000);

/** One server's status (UP, DOWN, MAINT, "UP 1/2"...) as `show stat` reports it. */
export async function haproxyServerStatus(socket: string, backend: string, server: string): Promise<string> {
  const row = parseShowStat(await haproxyCommand(socket, 'show stat')).find(
    (r) => r.proxy === backend && r.server === server,
  );
  if (!row) throw new Error(`HAProxy has no server ${server} in backend ${backend}`);
  return row.status;
}
