import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mirrorCliConfig, withProviderMirror } from '../src/terraform/cli-config';
import { errorLine } from './fake-terraform';
import { tempDir } from './helpers';

describe('the provider mirror', () => {
  it('is a filesystem mirror in a Terraform CLI config', () => {
    expect(mirrorCliConfig('/srv/tf mirror')).toBe(
      'provider_installation {\n  filesystem_mirror {\n    path = "/srv/tf mirror"\n  }\n}\n',
    );
  });

  it('is used only when TF_PROVIDER_MIRROR is set: otherwise Terraform installs providers its normal way', () => {
    const dir = tempDir('no-mirror');
    const env = { PATH: '/usr/bin', TF_CLI_CONFIG_FILE: '/home/me/.terraformrc' };
    expect(withProviderMirror(env, dir)).toBe(env);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('writes terraform.rc and points TF_CLI_CONFIG_FILE at it when TF_PROVIDER_MIRROR is set', () => {
    const dir = tempDir('mirror');
    const mirror = tempDir('plugins');
    const env = withProviderMirror({ TF_PROVIDER_MIRROR: mirror }, path.join(dir, 'out'));
    expect(env.TF_CLI_CONFIG_FILE).toBe(path.join(dir, 'out', 'terraform.rc'));
    expect(fs.readFileSync(env.TF_CLI_CONFIG_FILE as string, 'utf8')).toBe(mirrorCliConfig(mirror));
  });

  it('refuses a mirror that is not a directory, with one line', async () => {
    const missing = path.join(tempDir('gone'), 'plugins');
    expect(
      await errorLine(
        Promise.resolve().then(() => withProviderMirror({ TF_PROVIDER_MIRROR: missing }, '/x')),
      ),
    ).toBe(
      `error: TF_PROVIDER_MIRROR=${missing} is not a directory. Point it at a provider mirror (the folder that holds registry.terraform.io/), or unset it to install providers from the registry.`,
    );
  });
});
