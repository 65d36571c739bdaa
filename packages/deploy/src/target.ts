import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import type { Environment } from '@shipyard/contracts';
import { inventoryHosts } from './ansible.js';
import { contractSource, describeSource, loadContract } from './contract.js';
import { type AddressKind, buildInventory, inventoryYaml } from './inventory.js';

export interface TargetOptions {
  outputs?: string | undefined;
  inventory?: string | undefined;
  /** Names the SSM parameter when the contract comes from there (--project / PROJECT). */
  project?: string | undefined;
  /** --from-ssm: the SSM parameter, whatever outputs file exists. */
  fromSsm?: boolean | undefined;
  address: AddressKind;
}

/** A run's scratch directory (generated inventory, extra vars), private to the user. */
export class Workdir {
  private constructor(readonly path: string) {}

  static async create(): Promise<Workdir> {
    return new Workdir(await mkdtemp(join(tmpdir(), 'shipyard-deploy-')));
  }

  async write(name: string, content: string): Promise<string> {
    const file = join(this.path, name);
    await writeFile(file, content, { mode: 0o600 });
    return file;
  }

  async remove(): Promise<void> {
    await rm(this.path, { recursive: true, force: true });
  }
}

/** Where the environment's hosts come from, checked to hold at least one host. */
export async function resolveInventory(
  options: TargetOptions,
  env: Environment,
  workdir: Workdir,
): Promise<{ file: string; hosts: string[] }> {
  if (options.outputs && options.inventory) {
    throw new ShipyardError('--outputs and --inventory exclude each other', 'Pass one of them.');
  }
  if (options.fromSsm && options.inventory) {
    throw new ShipyardError('--from-ssm and --inventory exclude each other', 'Pass one of them.');
  }
  if (options.inventory) {
    const file = resolve(options.inventory);
    const hosts = await inventoryHosts(file, env);
    if (hosts.length === 0) {
      throw new ShipyardError(
        `environment "${env}" has no hosts in ${file}`,
        `Add hosts under the group "${env}".`,
      );
    }
    return { file, hosts };
  }
  const source = contractSource(options, env);
  const contract = await loadContract(source, env);
  const inventory = buildInventory(contract, options.address);
  const file = await workdir.write('inventory.yml', inventoryYaml(inventory, describeSource(source)));
  return { file, hosts: Object.keys(inventory.all.children[env]?.hosts ?? {}) };
}
