import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENERATED_BY } from '../src/hcl/readme';
import { previewInputsJson } from '../src/orchestration/shared-outputs';
import { STACKS, type StackName } from '../src/orchestration/stacks';
import { packageRoot } from '../src/paths';
import { tempDir } from './helpers';
import { infra, type Run, terraform, terraformEnv } from './terraform';

// `make hcl` on real Terraform: the ejected HCL must init and validate cleanly, and must plan
// exactly what the CDKTF (JSON) configuration plans.
const root = tempDir('hcl');
const env = terraformEnv(root);
const previewTfvars = path.join(packageRoot, 'preview.tfvars');
const explain = (r: Run) => `exit ${r.code}\n${r.stdout}\n${r.stderr}`;
const stack = (dir: string, s: StackName) => path.join(dir, 'stacks', s);

async function initAll(dir: string): Promise<void> {
  const inits = await Promise.all(STACKS.map((s) => terraform(stack(dir, s), ['init', '-input=false'], env)));
  for (const r of inits) expect(r.code, explain(r)).toBe(0);
}

describe('make hcl', () => {
  const kept = path.join(root, 'infra-hcl');

  beforeAll(async () => {
    const r = await infra(['hcl', `--dir=${kept}`, `--tfvars=${previewTfvars}`], env);
    expect(r.code, explain(r)).toBe(0);
    await initAll(kept);
  });

  it.each(STACKS)('writes the %s stack as one cdk.tf and a README saying how it was generated', (s) => {
    const files = fs.readdirSync(stack(kept, s)).filter((f) => !f.startsWith('.'));
    expect(files.sort()).toEqual(['README.md', 'cdk.tf']);
    expect(fs.readFileSync(path.join(stack(kept, s), 'README.md'), 'utf8').split('\n')[0]).toBe(GENERATED_BY);
    expect(fs.readFileSync(path.join(stack(kept, s), 'cdk.tf'), 'utf8').split('\n')[0]).toBe(
      `# ${GENERATED_BY}`,
    );
    expect(fs.existsSync(path.join(kept, 'manifest.json'))).toBe(false);
  });

  it('keeps the state where make apply keeps it', () => {
    const hcl = fs.readFileSync(path.join(stack(kept, 'staging'), 'cdk.tf'), 'utf8');
    const state = path.relative(stack(kept, 'staging'), path.join(packageRoot, 'state', 'staging.tfstate'));
    expect(hcl).toContain(`path = "${state}"`);
  });

  it.each(STACKS)('passes terraform validate for the %s stack, without a warning', async (s) => {
    const r = await terraform(stack(kept, s), ['validate'], env);
    expect(r.code, explain(r)).toBe(0);
    expect(r.stdout.trim()).toBe('Success! The configuration is valid.');
  });
});

describe('the ejected HCL', () => {
  // Both synthesized in preview mode (fake credentials, the provider's skip flags) so they plan offline.
  const previewEnv = { ...env, SHIPYARD_PREVIEW: '1' };
  const hclDir = path.join(root, 'hcl-preview');
  const jsonDir = path.join(root, 'json-preview');
  const inputs = path.join(root, 'shared-inputs.json');
  const plan = (dir: string, s: StackName) =>
    terraform(
      stack(dir, s),
      [
        'plan',
        '-input=false',
        '-lock=false',
        `-var-file=${previewTfvars}`,
        ...(s === 'shared' ? [] : [`-var-file=${inputs}`]),
      ],
      env,
    );

  beforeAll(async () => {
    fs.writeFileSync(inputs, previewInputsJson);
    const made = await Promise.all([
      infra(['hcl', `--dir=${hclDir}`, `--tfvars=${previewTfvars}`], previewEnv),
      infra(['synth', `--out=${jsonDir}`, `--tfvars=${previewTfvars}`], previewEnv),
    ]);
    for (const r of made) expect(r.code, explain(r)).toBe(0);
    await initAll(hclDir);
    await initAll(jsonDir);
  });

  it.each(STACKS)('plans exactly what the CDKTF configuration plans for the %s stack', async (s) => {
    const [hcl, json] = await Promise.all([plan(hclDir, s), plan(jsonDir, s)]);
    expect(hcl.code, explain(hcl)).toBe(0);
    expect(json.code, explain(json)).toBe(0);
    expect(hcl.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);
    expect(hcl.stdout).toBe(json.stdout);
  });
});
