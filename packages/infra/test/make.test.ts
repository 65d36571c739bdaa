import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../src/paths';
import { tempDir } from './helpers';

interface Made {
  readonly code: number;
  readonly stdout: string;
  /** stderr without make's own "make: *** ... Error 1" trailer. */
  readonly errors: string[];
}

/** Runs `make -s <target>` (or `-n <target>`) at the repo root with no AWS credentials in reach. */
function make(
  target: string,
  vars: Record<string, string>,
  extraEnv: Record<string, string> = {},
): Promise<Made> {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: tempDir('home'), ...extraEnv };
  for (const key of Object.keys(env)) if (key.startsWith('AWS_') && !(key in extraEnv)) delete env[key];
  // Run as a user would, not as a sub-make of `make test` (which would inherit its flags and level).
  for (const key of ['MAKELEVEL', 'MAKEFLAGS', 'MFLAGS']) delete env[key];
  const args = [
    '-s',
    '-C',
    repoRoot,
    ...target.split(' '),
    ...Object.entries(vars).map(([k, v]) => `${k}=${v}`),
  ];
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
      `error: ${tfvars} already exists. Edit it, or move it away to start again from the example.`,
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
    expect(r.errors[0]).toMatch(/^error: no AWS credentials found\. Set AWS_PROFILE/);
    expect(fs.existsSync(plans)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  it('refuses with one line when terraform.tfvars is missing', async () => {
    const tfvars = path.join(tempDir('missing'), 'terraform.tfvars');
    const r = await make('plan', { TFVARS: tfvars }, { AWS_PROFILE: 'someone' });
    expect(r.code).not.toBe(0);
    expect(r.errors).toEqual([`error: ${tfvars} not found. Run 'make vars' and fill it in.`]);
  });

  it('finds credentials from the standard chain', async () => {
    const tfvars = path.join(tempDir('creds'), 'terraform.tfvars');
    fs.writeFileSync(tfvars, '');
    const r = await make('credentials', { TFVARS: tfvars }, { AWS_PROFILE: 'ops' });
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
    expect(r.errors).toEqual(["error: no saved plan. Run 'make plan' first."]);
  });

  it('names the stacks when STACK= is not one of them', async () => {
    const dir = tempDir('stack');
    const tfvars = path.join(dir, 'terraform.tfvars');
    fs.writeFileSync(tfvars, '');
    const r = await make('apply', { TFVARS: tfvars, STACK: 'prod' }, { AWS_PROFILE: 'ops' });
    expect(r.errors).toEqual([
      "error: option '--stack <name>' argument 'prod' is invalid. Allowed choices are shared, staging, production.",
    ]);
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
      'error: destroying production also needs CONFIRM_PRODUCTION=production; nothing was destroyed. Add CONFIRM_PRODUCTION=production (infra destroy --confirm-production production).',
    ]);
  });
});

describe('make as a thin front door', () => {
  const cli = path.join(repoRoot, 'packages', 'infra', 'dist', 'cli.js');
  // The CLI's own build is a prerequisite of every target; bring it up to date once.
  beforeAll(async () => {
    expect((await make(cli, {})).code).toBe(0);
  });
  /** What `make -n` would run (the CLI is built by the tests' `tsc -b`), one command a line. */
  const dry = async (target: string, vars: Record<string, string> = {}) => {
    const r = await make(`-n ${target}`, vars);
    expect(r.code).toBe(0);
    return r.stdout
      .replaceAll('\\\n', ' ')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.replace(/\s+/g, ' ').trim());
  };

  it.each([
    ['vars', 'create-tfvars'],
    ['synth', 'synth'],
    ['preview', 'preview'],
    ['credentials', 'check-credentials'],
    ['iam-policy', 'iam-policy'],
    ['plan', 'plan'],
    ['apply', 'apply'],
    ['outputs', 'outputs'],
    ['destroy', 'destroy'],
    ['hcl', 'hcl'],
    ['jenkins-secrets', 'jenkins-secrets'],
    ['bench-infra', 'bench'],
  ])('make -n %s prints one command: infra %s', async (target, command) => {
    expect(await dry(target)).toEqual([`node ${cli} ${command}`]);
  });

  it('passes the variables you set as options, and only those', async () => {
    expect(
      await dry('destroy', {
        STACK: 'staging',
        TFVARS: '/v/t.tfvars',
        AUTO_APPROVE: '1',
        CONFIRM_PRODUCTION: 'production',
      }),
    ).toEqual([
      `node ${cli} destroy --stack=staging --tfvars=/v/t.tfvars --auto-approve --confirm-production=production`,
    ]);
    expect(await dry('destroy', { AUTO_APPROVE: '0' })).toEqual([`node ${cli} destroy`]);
    expect(await dry('hcl', { HCL_DIR: '/keep/hcl' })).toEqual([`node ${cli} hcl --dir=/keep/hcl`]);
    expect(await dry('outputs', { OUTPUTS_FILE: '/o.json', INFRA_OUT: '/out' })).toEqual([
      `node ${cli} outputs --out=/out --outputs=/o.json`,
    ]);
    // Secrets go by file path: no value is ever on a command line.
    expect(
      await dry('jenkins-secrets', {
        ADMIN_PASSWORD_FILE: '/s/pw',
        DEPLOY_KEY_FILE: '/s/key',
        RELEASE_MANAGERS: 'alice,bob',
        SLACK_CHANNEL: '#deploys',
        APPLY_ONLY: '1',
      }),
    ).toEqual([
      `node ${cli} jenkins-secrets --admin-password-file=/s/pw --deploy-key-file=/s/key --release-managers=alice,bob --slack-channel='#deploys' --apply-only`,
    ]);
  });

  it('starts no process while reading mk/infra.mk', () => {
    expect(fs.readFileSync(path.join(repoRoot, 'mk', 'infra.mk'), 'utf8')).not.toContain('$(shell');
  });
});
