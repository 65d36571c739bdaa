import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { contractSource, describeSource, loadContract } from '../contract.js';
import { buildInventory, inventoryYaml } from '../inventory.js';
import { addTargetOptions, type CommonOptions, examples } from './options.js';

export function registerInventory(program: Command): void {
  const command = program
    .command('inventory')
    .summary('print the Ansible inventory built from the infrastructure outputs')
    .description(
      'Build the Ansible inventory for one environment from its deploy contract (the outputs JSON, or the SSM ' +
        'parameter /<project>/deploy/<env> when there is no outputs file): one host per ' +
        'instance (named by instance id), the group named after the environment, SSH user and address, and ' +
        'the group vars the app role needs (port, region, target group). Prints YAML, or writes it with --out.',
    );
  examples(addTargetOptions(command), [
    'deploy inventory --env staging',
    'deploy inventory --env production --address private --out production.yml',
    'PROJECT=shipyard deploy inventory --env staging --address private   # from SSM, on the build agent',
  ])
    .option('-o, --out <file>', 'write the inventory to this file instead of stdout')
    .action(async (options: CommonOptions & { out?: string }) => {
      const source = contractSource(options, options.env);
      const contract = await loadContract(source, options.env);
      const yaml = inventoryYaml(buildInventory(contract, options.address), describeSource(source));
      if (options.out) {
        await writeFile(resolve(options.out), yaml);
        process.stderr.write(`Wrote the ${options.env} inventory to ${options.out}\n`);
      } else {
        process.stdout.write(yaml);
      }
    });
}
