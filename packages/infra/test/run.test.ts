import { describe, expect, it } from 'vitest';
import { terraformCli } from '../src/terraform/run';
import { errorLine } from './fake-terraform';

describe('the Terraform runner', () => {
  it('runs the real terraform with an argv and keeps its exit code and output', async () => {
    const r = await terraformCli(process.env).capture(['version', '-json']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).terraform_version).toMatch(/^\d+\.\d+\.\d+/);
    const bad = await terraformCli(process.env).capture(['no-such-command']);
    expect(bad.exitCode).not.toBe(0);
  });

  it('says in one line when terraform is not installed', async () => {
    expect(await errorLine(terraformCli({ PATH: '/nonexistent' }).capture(['version']))).toBe(
      'error: terraform could not be started (ENOENT). Install Terraform 1.10 or later: https://developer.hashicorp.com/terraform/install',
    );
  });
});
