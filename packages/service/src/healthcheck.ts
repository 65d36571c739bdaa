import { loadConfig } from './config.js';
import { healthUrl } from './health-url.js';

// The image's HEALTHCHECK: the official Node image has no curl, so Node asks /health itself.
// It reads the same configuration as the server, so PORT and HOST overrides are honoured.
// Exit 0 only for a 200: a draining instance (503) reports unhealthy, which is the truth.

async function probe(): Promise<number> {
  const config = loadConfig(process.env);
  try {
    const response = await fetch(healthUrl(config.host, config.port), { signal: AbortSignal.timeout(2_000) });
    return response.status === 200 ? 0 : 1;
  } catch {
    return 1;
  }
}

process.exitCode = await probe();
