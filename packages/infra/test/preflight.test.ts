import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/paths';
import { findCredentialSource } from '../src/tools/aws-credentials';
import { errorLines } from '../src/tools/diagnostics';
import { fixturesDir, tempDir } from './helpers';

describe('findCredentialSource', () => {
  const home = () => ({ HOME: tempDir('home') });

  it('finds each source of the standard chain, and tfvars keys', () => {
    expect(
      findCredentialSource({ ...home(), AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }, ''),
    ).toMatch(/environment/);
    expect(findCredentialSource({ ...home(), AWS_PROFILE: 'ops' }, '')).toBe('profile ops');
    expect(findCredentialSource({ ...home(), AWS_WEB_IDENTITY_TOKEN_FILE: '/t' }, '')).toMatch(
      /web identity/,
    );
    expect(findCredentialSource(home(), 'aws_access_key_id = "AKIA"\naws_secret_access_key = "s"\n')).toMatch(
      /terraform\.tfvars/,
    );
    const h = home();
    fs.mkdirSync(path.join(h.HOME, '.aws'));
    fs.writeFileSync(path.join(h.HOME, '.aws', 'credentials'), '[default]\naws_access_key_id = x\n');
    expect(findCredentialSource(h, '')).toMatch(/default profile in/);
  });

  it('finds nothing in an empty environment, nor from a key id alone', () => {
    expect(findCredentialSource(home(), '')).toBeUndefined();
    expect(
      findCredentialSource({ ...home(), AWS_ACCESS_KEY_ID: 'a' }, 'aws_access_key_id = "x"\n'),
    ).toBeUndefined();
  });
});

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

describe('write-outputs', () => {
  it('writes outputs.json from the stacks’ terraform output -json files', () => {
    const out = path.join(tempDir('outputs'), 'outputs.json');
    execFileSync('node', [
      path.join(packageRoot, 'dist', 'tools', 'write-outputs.js'),
      path.join(fixturesDir, 'outputs'),
      out,
    ]);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual(
      JSON.parse(fs.readFileSync(path.join(fixturesDir, 'outputs', 'expected-outputs.json'), 'utf8')),
    );
  });
});
