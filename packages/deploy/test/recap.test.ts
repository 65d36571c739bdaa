import { describe, expect, it } from 'vitest';
import { parseRecap, summarize } from '../src/recap.js';

const output = `
PLAY [x] ****

PLAY RECAP *********************************************************************
\u001b[0;33mi-0aaa\u001b[0m                     : \u001b[0;32mok=12\u001b[0m   \u001b[0;33mchanged=3\u001b[0m    unreachable=0    failed=0    skipped=2    rescued=0    ignored=0
i-0bbb                     : ok=9    changed=1    unreachable=0    failed=1    skipped=3    rescued=1    ignored=0
i-0ccc                     : ok=0    changed=0    unreachable=1    failed=0    skipped=0    rescued=0    ignored=0
localhost                  : ok=1    changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0
`;

describe('parseRecap', () => {
  it('reads every host line of the PLAY RECAP, colours and all', () => {
    const recap = parseRecap(output);
    expect(recap.map((h) => h.host)).toEqual(['i-0aaa', 'i-0bbb', 'i-0ccc', 'localhost']);
    expect(recap[0]).toEqual({
      host: 'i-0aaa',
      ok: 12,
      changed: 3,
      unreachable: 0,
      failed: 0,
      skipped: 2,
      rescued: 0,
      ignored: 0,
    });
    expect(recap[1]).toMatchObject({ failed: 1, rescued: 1 });
  });

  it('returns nothing when the run stopped before a recap', () => {
    expect(parseRecap('ERROR! the playbook could not be found')).toEqual([]);
  });
});

describe('summarize', () => {
  it('counts hosts, leaving out the localhost check play', () => {
    expect(summarize(parseRecap(output))).toEqual({ hosts: 3, ok: 1, changed: 2, failed: 1, unreachable: 1 });
  });
});
