import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      appEnv: 'development',
      appVersion: '0.0.0-dev',
      drainPeriodMs: 5000,
      shutdownTimeoutMs: 10000,
      requestTimeoutMs: 8000,
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        PORT: '8080',
        HOST: '127.0.0.1',
        APP_ENV: 'production',
        APP_VERSION: '1.4.2-rc.1+sha.abc123',
        DRAIN_PERIOD_MS: '0',
        SHUTDOWN_TIMEOUT_MS: '2500',
        REQUEST_TIMEOUT_MS: '20000',
        LOG_LEVEL: 'warn',
      }),
    ).toEqual({
      port: 8080,
      host: '127.0.0.1',
      appEnv: 'production',
      appVersion: '1.4.2-rc.1+sha.abc123',
      drainPeriodMs: 0,
      shutdownTimeoutMs: 2500,
      requestTimeoutMs: 20000,
      logLevel: 'warn',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '' })).toMatchObject({ port: 3000, logLevel: 'info' });
  });

  it('accepts IPv6 and host names for HOST', () => {
    expect(loadConfig({ HOST: '::' }).host).toBe('::');
    expect(loadConfig({ HOST: 'localhost' }).host).toBe('localhost');
  });

  it.each([
    ['PORT', 'abc', 'PORT must be an integer from 0 to 65535 (got "abc")'],
    ['PORT', '70000', 'PORT must be an integer from 0 to 65535 (got "70000")'],
    ['PORT', '80.5', 'PORT must be an integer from 0 to 65535 (got "80.5")'],
    ['PORT', '-1', 'PORT must be an integer from 0 to 65535 (got "-1")'],
    ['HOST', 'not a host', 'HOST must be an IP address or a host name'],
    ['APP_ENV', 'Prod!', 'APP_ENV must be a lower-case name'],
    ['APP_VERSION', 'v1 with spaces', 'APP_VERSION must be a version'],
    ['DRAIN_PERIOD_MS', '5s', 'DRAIN_PERIOD_MS must be an integer number of milliseconds'],
    ['SHUTDOWN_TIMEOUT_MS', '0', 'SHUTDOWN_TIMEOUT_MS must be an integer number of milliseconds from 1'],
    ['REQUEST_TIMEOUT_MS', '500', 'REQUEST_TIMEOUT_MS must be an integer number of milliseconds from 1000'],
    [
      'LOG_LEVEL',
      'loud',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    ],
  ])('rejects %s=%s with a message naming the variable', (name, value, message) => {
    const load = () => loadConfig({ [name]: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it('reports every invalid variable on one line, with what to do', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(
        /^invalid configuration: PORT must .*; LOG_LEVEL must .*\. Fix the environment/,
      );
    }
  });
});
