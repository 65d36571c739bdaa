import { describe, expect, it } from 'vitest';
import { type CpuProfile, formatSummary, origin, summarise } from '../bench/cpu-profile.js';

const frame = (id: number, functionName: string, url = '', lineNumber = 0) => ({
  id,
  callFrame: { functionName, url, lineNumber },
});

// 1000 µs idle; busy: 600 writev (native), 200 + 100 in express, 100 in the service.
const PROFILE: CpuProfile = {
  nodes: [
    frame(1, '(root)'),
    frame(2, '(idle)'),
    frame(3, 'writev'),
    frame(
      4,
      'handle',
      'file:///repo/node_modules/.pnpm/express@5.2.0/node_modules/express/lib/application.js',
      151,
    ),
    frame(
      5,
      'send',
      'file:///repo/node_modules/.pnpm/express@5.2.0/node_modules/express/lib/response.js',
      124,
    ),
    frame(6, 'send', 'file:///repo/packages/service/dist/routes.js', 40),
  ],
  samples: [2, 3, 4, 3, 5, 6, 2],
  timeDeltas: [500, 300, 200, 300, 100, 100, 500],
};

describe('summarise', () => {
  it('splits the busy time by frame and by origin, per request, leaving idle out', () => {
    const summary = summarise(PROFILE, 100);
    expect(summary.busyMs).toBe(1);
    expect(summary.idleShare).toBe(0.5);
    expect(summary.origins).toEqual([
      { name: 'native', share: 0.6, usPerRequest: 6 },
      { name: 'express', share: 0.3, usPerRequest: 3 },
      { name: 'service', share: 0.1, usPerRequest: 1 },
    ]);
    expect(summary.frames.map((f) => [f.name, f.share])).toEqual([
      ['writev', 0.6],
      ['handle express/lib/application.js:152', 0.2],
      ['send express/lib/response.js:125', 0.1],
      ['send dist/routes.js:41', 0.1],
    ]);
  });

  it('keeps the top frames only', () => {
    expect(summarise(PROFILE, 100, 2).frames).toHaveLength(2);
  });

  it('prints Markdown tables', () => {
    const lines = formatSummary(summarise(PROFILE, 100), 100);
    expect(lines[0]).toBe('100 requests; busy 1 ms on the main thread, idle 50.0% of the profile');
    expect(lines).toContain('| `native` | 60.0% | 6.00 |');
    expect(lines).toContain('| `send dist/routes.js:41` | 10.0% | 1.00 |');
  });
});

describe('origin', () => {
  it('names the package, the Node.js module, the service, or native code', () => {
    expect(
      origin('file:///r/node_modules/.pnpm/@scope+pkg@1.0.0/node_modules/@scope/pkg/index.js', 'f'),
    ).toBe('@scope/pkg');
    expect(origin('file:///r/node_modules/debug/src/common.js', 'f')).toBe('debug');
    expect(origin('node:_http_outgoing', 'setHeader')).toBe('node:_http_outgoing');
    expect(origin('file:///r/packages/service/dist/request-log.js', 'f')).toBe('service');
    expect(origin('', 'writev')).toBe('native');
    expect(origin('', '(garbage collector)')).toBe('(garbage collector)');
  });
});
