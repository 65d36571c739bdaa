import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parseEnvironment } from '../environments.js';
import { buildInventory, inventoryYaml } from '../inventory.js';
import { loadOutputs } from '../outputs.js';
import { defaultOutputsFile } from '../paths.js';
import { parseAddress } from '../target.js';
import { addTargetOptions, type CommonOptions } from './options.js';

export function registerInventory(program: Command): void {
  const command = program
    .command('inventory')
    .summary('print the Ansible inventory built from the infrastructure outputs')
    .description(
      'Build the Ansible inventory for one environment from the infrastructure outputs JSON: one host per ' +
        'instance (named by instance id), the group named after the environment, SSH user and address, and ' +
        'the group vars the app role needs (port, region, target group). Prints YAML, or writes it with --out.',
    );
  addTargetOptions(command)
    .option('-o, --out <file>', 'write the inventory to this file instead of stdout')
    .action(async (options: CommonOptions & { out?: string }) => {
      const env = parseEnvironment(options.env);
      const address = parseAddress(options.address);
      const outputs = await loadOutputs(options.outputs ? resolve(options.outputs) : defaultOutputsFile);
      const yaml = inventoryYaml(buildInventory(outputs, env, address));
      if (options.out) {
        await writeFile(resolve(options.out), yaml);
        process.stderr.write(`Wrote the ${env} inventory to ${options.out}\n`);
      } else {
        process.stdout.write(yaml);
      }
    });
}
