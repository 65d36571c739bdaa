import { describe, expect, it } from 'vitest';
import { errorLines, planRefused } from '../src/terraform/diagnostics';

describe('errorLines', () => {
  const diag = (summary: string, detail: string) =>
    JSON.stringify({
      '@level': 'error',
      type: 'diagnostic',
      diagnostic: { severity: 'error', summary, detail },
    });

  it('reduces a failed variable validation to its message, once', () => {
    const log = [
      JSON.stringify({ '@level': 'info', type: 'version' }),
      diag(
        'Invalid value for variable',
        'project must be 3-20 lowercase letters.\n\nThis was checked by ...',
      ),
      diag(
        'Invalid value for variable',
        'project must be 3-20 lowercase letters.\n\nThis was checked by ...',
      ),
      diag('No valid credential sources found', 'Please see https://...'),
    ].join('\n');
    expect(errorLines(log)).toEqual([
      'project must be 3-20 lowercase letters.',
      'No valid credential sources found: Please see https://...',
    ]);
  });
});

describe('planRefused', () => {
  it('gives each distinct error of the stacks one line, and keeps output that is not JSON', () => {
    const refusal = (detail: string) =>
      JSON.stringify({
        type: 'diagnostic',
        diagnostic: { severity: 'error', summary: 'Invalid value for variable', detail },
      });
    expect(
      planRefused([refusal('a is wrong.'), `${refusal('a is wrong.')}\n${refusal('b is wrong.')}`]).message,
    ).toBe('a is wrong.\nerror: b is wrong.');
    expect(planRefused(['panic: something broke\n']).message).toBe('panic: something broke');
  });
});
