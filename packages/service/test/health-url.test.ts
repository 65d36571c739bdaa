import { describe, expect, it } from 'vitest';
import { healthUrl } from '../src/health-url.js';

describe('healthUrl', () => {
  it('probes loopback when the server binds every interface', () => {
    expect(healthUrl('0.0.0.0', 3000)).toBe('http://127.0.0.1:3000/health');
    expect(healthUrl('::', 8080)).toBe('http://127.0.0.1:8080/health');
  });

  it('probes the bound address otherwise, bracketing IPv6', () => {
    expect(healthUrl('10.0.0.5', 3000)).toBe('http://10.0.0.5:3000/health');
    expect(healthUrl('::1', 3000)).toBe('http://[::1]:3000/health');
  });
});
