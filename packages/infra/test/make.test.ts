import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/paths';
import { tempDir } from './helpers';

interface Made {
  readonly code: number;
  readonly stdout: string;
  /** stderr without make's own "make: *** ... Error 1" trailer. */
  readonly errors: string[];
}

/** Runs `make -s <target>` at the repo root with no AWS credentials in reach. */
function make(
  target: string,
  vars: Record<string, string>,
  extraEnv: Record<string, string> = {},
): Promise<Made> {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: tempDir('home'), ...extraEnv };
  for (const key of Object.keys(env)) if (key.startsWith('AWS_') && !(key in extraEnv)) delete env[key];
  // Run as a user would, not as a sub-make of `make test` (which would inherit its flags and level).
  for (const key of ['MAKELEVEL', 'MAKEFLAGS', 'MFLAGS']) delete env[key];
  const args = ['-s', '-C', repoRoot, target, ...Object.entries(vars).map(([k, v]) => `${k}=${v}`)];
  return new Promise((resolve) => {
    execFile('make', args, { env }, (error, stdout, stderr) => {
      resolve({
        code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        stdout,
        errors: stderr.split('\n').filter((l) => l.trim() !== '' && !/^make(\[\d+\])?: \*\*\*/.test(l)),
      });
    });
  });
}

describe('make vars', () => {
  it('copies the example, then refuses to overwrite the copy', async () => {
    const tfvars = path.join(tempDir('vars'), 'terraform.tfvars');
    const first = await make('vars', { TFVARS: tfvars });
    expect(first.code).toBe(0);
    expect(fs.readFileSync(tfvars, 'utf8')).toBe(
      fs.readFileSync(path.join(repoRoot, 'terraform.tfvars.example'), 'utf8'),
    );
    fs.appendFileSync(tfvars, 'project = "mine"\n');
    const second = await make('vars', { TFVARS: tfvars });
    expect(second.code).not.toBe(0);
    expect(second.errors).toEqual([
      `error: ${tfvars} already exists; edit it, or move it away to start again from the example.`,
    ]);
    expect(fs.readFileSync(tfvars, 'utf8')).toContain('project = "mine"');
  });
});

describe('make plan', () => {
  it('refuses with one line before Terraform runs when there are no AWS credentials', async () => {
    const dir = tempDir('plan');
    const tfvars = path.join(dir, 'terraform.tfvars');
    fs.writeFileSync(
      tfvars,
      'ssh_public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPreviewOnlyNotARealKey0123456789"\n',
    );
    const plans = path.join(dir, 'plans');
    const r = await make('plan', { TFVARS: tfvars, INFRA_PLANS: plans, INFRA_OUT: path.join(dir, 'out') });
    expect(r.code).not.toBe(0);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^error: no AWS credentials found: set AWS_PROFILE/);
    expect(fs.existsSync(plans)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('refuses with one line when terraform.tfvars is missing', async () => {
    const tfvars = path.join(tempDir('missing'), 'terraform.tfvars');
    const r = await make('plan', { TFVARS: tfvars }, { AWS_PROFILE: 'someone' });
    expect(r.code).not.toBe(0);
    expect(r.errors).toEqual([`error: ${tfvars} not found: run 'make vars' and fill it in.`]);
  });

  it('finds credentials from the standard chain', async () => {
    const tfvars = path.join(tempDir('creds'), 'terraform.tfvars');
    fs.writeFileSync(tfvars, '');
    const r = await make('infra-preflight', { TFVARS: tfvars }, { AWS_PROFILE: 'ops' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('AWS credentials: profile ops');
  });
});

describe('make preview', () => {
  it('refuses admin_cidrs = ["0.0.0.0/0"] with one line and plans nothing', async () => {
    const dir = tempDir('preview-world');
    const tfvars = path.join(dir, 'terraform.tfvars');
    fs.writeFileSync(
      tfvars,
      `${fs.readFileSync(path.join(repoRoot, 'packages/infra/preview.tfvars'), 'utf8')}admin_cidrs = ["0.0.0.0/0"]\n`,
    );
    const r = await make('preview', { TFVARS: tfvars, INFRA_PREVIEW_OUT: path.join(dir, 'out') });
    expect(r.code).not.toBe(0);
    expect(r.errors).toEqual([
      'error: admin_cidrs must not include 0.0.0.0/0 or ::/0 (the whole internet): list your own addresses, such as 203.0.113.7/32.',
    ]);
    expect(r.stdout).not.toMatch(/Plan:/);
  });
});

describe('make apply', () => {
  it('refuses with one line when no plan was saved', async () => {
    const dir = tempDir('apply');
    const tfvars = path.join(dir, 'terraform.tfvars');
    fs.writeFileSync(tfvars, '');
    const r = await make(
      'apply',
      { TFVARS: tfvars, INFRA_PLANS: path.join(dir, 'plans') },
      { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'not-a-secret' },
    );
    expect(r.code).not.toBe(0);
    expect(r.errors).toEqual(["error: no saved plan: run 'make plan' first."]);
  });

  it('names the stacks when STACK= is not one of them', async () => {
    const dir = tempDir('stack');
    const tfvars = path.join(dir, 'terraform.tfvars');
    fs.writeFileSync(tfvars, '');
    const r = await make('apply', { TFVARS: tfvars, STACK: 'prod' }, { AWS_PROFILE: 'ops' });
    expect(r.errors).toEqual(['error: STACK=prod is not a stack; use one of: shared staging production.']);
  });
});

describe('make destroy', () => {
  it('refuses to destroy production unattended without the extra confirmation', async () => {
    const dir = tempDir('destroy');
    const tfvars = path.join(dir, 'terraform.tfvars');
    fs.writeFileSync(tfvars, '');
    const r = await make(
      'destroy',
      {
        TFVARS: tfvars,
        AUTO_APPROVE: '1',
        INFRA_OUT: path.join(dir, 'out'),
        INFRA_PLANS: path.join(dir, 'plans'),
      },
      { AWS_PROFILE: 'ops' },
    );
    expect(r.code).not.toBe(0);
    expect(r.errors).toEqual([
      'error: destroying production also needs CONFIRM_PRODUCTION=production; nothing was destroyed.',
    ]);
  });
});
