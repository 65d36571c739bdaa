import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCredentialSource } from '../src/orchestration/credentials';
import { preflight } from '../src/orchestration/preflight';
import { errorLine } from './fake-terraform';
import { tempDir } from './helpers';

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

describe('preflight', () => {
  it('names the credential source found', () => {
    const tfvars = path.join(tempDir('pre'), 'terraform.tfvars');
    fs.writeFileSync(tfvars, '');
    expect(preflight(tfvars, { HOME: tempDir('home'), AWS_PROFILE: 'ops' })).toBe(
      'AWS credentials: profile ops',
    );
  });

  it('refuses a missing terraform.tfvars first, then missing credentials, each with what to do', async () => {
    const dir = tempDir('pre-missing');
    const tfvars = path.join(dir, 'terraform.tfvars');
    const check = () => Promise.resolve().then(() => preflight(tfvars, { HOME: dir }));
    expect(await errorLine(check())).toBe(`error: ${tfvars} not found. Run 'make vars' and fill it in.`);
    fs.writeFileSync(tfvars, '');
    expect(await errorLine(check())).toMatch(
      /^error: no AWS credentials found\. Set AWS_PROFILE .* `make preview` needs none\.$/,
    );
  });
});
