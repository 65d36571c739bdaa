import * as fs from 'node:fs';
import * as path from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';

/**
 * A Terraform CLI configuration that installs providers from a filesystem mirror only (the
 * layout `registry.terraform.io/hashicorp/aws/<version>/<os_arch>/`), for machines that cannot
 * reach the Terraform registry.
 */
export function mirrorCliConfig(mirror: string): string {
  return `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`;
}

/**
 * The environment Terraform runs with. When `TF_PROVIDER_MIRROR` names a directory, writes
 * `<dir>/terraform.rc` (mirrorCliConfig) and points `TF_CLI_CONFIG_FILE` at it; when it is unset,
 * Terraform installs providers its normal way (the registry, your own CLI configuration).
 */
export function withProviderMirror(env: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
  const mirror = env.TF_PROVIDER_MIRROR;
  if (!mirror) return env;
  if (!fs.statSync(mirror, { throwIfNoEntry: false })?.isDirectory()) {
    throw new ShipyardError(
      `TF_PROVIDER_MIRROR=${mirror} is not a directory`,
      'Point it at a provider mirror (the folder that holds registry.terraform.io/), or unset it to install providers from the registry.',
    );
  }
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'terraform.rc');
  fs.writeFileSync(file, mirrorCliConfig(path.resolve(mirror)));
  return { ...env, TF_CLI_CONFIG_FILE: file };
}
