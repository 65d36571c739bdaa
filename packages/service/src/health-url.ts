const WILDCARDS = new Set(['0.0.0.0', '::']);

/** The URL a local probe uses for a server bound to `host`:`port` (wildcards probe loopback). */
export function healthUrl(host: string, port: number): string {
  const target = WILDCARDS.has(host) ? '127.0.0.1' : host;
  return `http://${target.includes(':') ? `[${target}]` : target}:${port}/health`;
}
