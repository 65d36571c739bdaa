import { execa } from 'execa';
import type { DemoHost } from './inventory.js';
import type { DemoSettings } from './settings.js';

/** What one host answers right now, asked directly (not through the load balancer). */
export interface HostView {
  readonly host: string;
  readonly healthStatus: number | 'down';
  readonly healthVersion?: string;
  readonly rootVersion?: string;
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> } | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

export async function viewHost(host: DemoHost): Promise<HostView> {
  const health = await getJson(`http://127.0.0.1:${host.port}/health`);
  const root = await getJson(`http://127.0.0.1:${host.port}/`);
  return {
    host: host.name,
    healthStatus: health?.status ?? 'down',
    healthVersion: health?.body.version as string | undefined,
    rootVersion: root?.body.version as string | undefined,
  };
}

/** Problems (one line each) if the host does not serve `version` on both / and /health. */
export function servesVersion(view: HostView, version: string): string[] {
  const problems: string[] = [];
  if (view.healthStatus !== 200)
    problems.push(`${view.host}: /health answered ${view.healthStatus}, not 200`);
  if (view.healthVersion !== version)
    problems.push(`${view.host}: /health reports ${view.healthVersion}, not ${version}`);
  if (view.rootVersion !== version)
    problems.push(`${view.host}: / reports ${view.rootVersion}, not ${version}`);
  return problems;
}

/** The image reference a host's container was started from, or undefined without a container. */
export async function runningImage(settings: DemoSettings, host: DemoHost): Promise<string | undefined> {
  const r = await execa(settings.containerCli, ['inspect', '--format', '{{.Config.Image}}', host.container], {
    reject: false,
  });
  return r.exitCode === 0 ? r.stdout.trim() : undefined;
}

/** The image id a host's container runs, to compare with the pushed image. */
export async function runningImageId(settings: DemoSettings, host: DemoHost): Promise<string | undefined> {
  const r = await execa(settings.containerCli, ['inspect', '--format', '{{.Image}}', host.container], {
    reject: false,
  });
  return r.exitCode === 0 ? r.stdout.trim().replace(/^sha256:/, '') : undefined;
}
