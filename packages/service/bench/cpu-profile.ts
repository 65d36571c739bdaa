// Reads a V8 CPU profile (`node --cpu-prof`) into where the time went: self time per frame and
// per origin (a package, a Node.js module, the service's own code, native code). Pure, so
// `make profile-service` prints it and a test checks it.

/** The parts of a `.cpuprofile` this reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface Share {
  readonly name: string;
  /** Self time over the busy time (every sample but idle). */
  readonly share: number;
  /** Self time per request, in microseconds. */
  readonly usPerRequest: number;
}

export interface ProfileSummary {
  readonly busyMs: number;
  readonly idleShare: number;
  readonly frames: readonly Share[];
  readonly origins: readonly Share[];
}

/** Where a frame's code comes from: `express`, `node:_http_outgoing`, `service`, `native`. */
export function origin(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : 'native';
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.startsWith('node:')) return url;
  return url.includes('/dist/') ? 'service' : url;
}

function frameName(url: string, functionName: string, lineNumber: number): string {
  const name = functionName || '(anonymous)';
  if (url === '') return name;
  const file = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/');
  return `${name} ${file}:${lineNumber + 1}`;
}

export function summarise(profile: CpuProfile, requests: number, top = 20): ProfileSummary {
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const frames = new Map<string, number>();
  const origins = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const node of profile.nodes) {
    const time = self.get(node.id) ?? 0;
    const { url, functionName, lineNumber } = node.callFrame;
    if (functionName === '(idle)' && url === '') {
      idle += time;
      continue;
    }
    busy += time;
    const frame = frameName(url, functionName, lineNumber);
    frames.set(frame, (frames.get(frame) ?? 0) + time);
    const from = origin(url, functionName);
    origins.set(from, (origins.get(from) ?? 0) + time);
  }
  const rank = (times: Map<string, number>): Share[] =>
    [...times]
      .filter(([, time]) => time > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, time]) => ({
        name,
        share: busy > 0 ? time / busy : 0,
        usPerRequest: requests > 0 ? time / requests : Number.NaN,
      }));
  return {
    busyMs: busy / 1000,
    idleShare: busy + idle > 0 ? idle / (busy + idle) : 0,
    frames: rank(frames),
    origins: rank(origins),
  };
}

/** The summary as Markdown tables. */
export function formatSummary(summary: ProfileSummary, requests: number): string[] {
  const table = (title: string, shares: readonly Share[]) => [
    `| ${title} | self time, share of busy | self µs/request |`,
    '| --- | ---: | ---: |',
    ...shares.map(
      (share) =>
        `| \`${share.name}\` | ${(100 * share.share).toFixed(1)}% | ${share.usPerRequest.toFixed(2)} |`,
    ),
  ];
  return [
    `${requests} requests; busy ${summary.busyMs.toFixed(0)} ms on the main thread, idle ${(100 * summary.idleShare).toFixed(1)}% of the profile`,
    '',
    ...table('origin', summary.origins),
    '',
    ...table('frame', summary.frames),
  ];
}
