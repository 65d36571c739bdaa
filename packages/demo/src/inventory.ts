import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import { ENVIRONMENTS, type Environment } from '@shipyard/contracts';
import { parseDocument } from 'yaml';
import type { DemoSettings } from './settings.js';

/** One local "host": a container on this machine answering on a loopback port. */
export interface DemoHost {
  readonly name: string;
  readonly env: Environment;
  readonly port: number;
  readonly container: string;
}

/** The checked-in inventory, the single description of the demo's hosts. */
export function sourceInventoryPath(settings: DemoSettings): string {
  return path.join(settings.root, 'demo', 'inventory.yml');
}

/** The copy with overrides applied, handed to `deploy --inventory`. */
export function effectiveInventoryPath(settings: DemoSettings): string {
  return path.join(settings.dir, 'inventory.yml');
}

/**
 * Applies DEMO_INSTANCE_PORTS to the inventory text and lists its hosts. Pure: text in, text
 * and hosts out. Comments and anchors survive, so the copy reads like the original.
 */
export function renderInventory(source: string, settings: DemoSettings): { text: string; hosts: DemoHost[] } {
  const doc = parseDocument(source, { merge: true });
  if (doc.errors.length > 0) {
    throw new ShipyardError(`demo/inventory.yml is not valid YAML: ${doc.errors[0]?.message}`);
  }
  const hosts: DemoHost[] = [];
  for (const env of ENVIRONMENTS) {
    const group = doc.getIn(['all', 'children', env, 'hosts']) as { items?: { key: unknown }[] } | undefined;
    const names = (group?.items ?? []).map((item) =>
      String((item.key as { value?: unknown }).value ?? item.key),
    );
    for (const name of names) {
      const port = settings.instancePorts[hosts.length];
      if (port === undefined) {
        throw new ShipyardError(
          'demo/inventory.yml lists more than four hosts',
          'The demo runs exactly four.',
        );
      }
      doc.setIn(['all', 'children', env, 'hosts', name, 'app_host_port'], port);
      hosts.push({ name, env, port, container: `${settings.prefix}${name}` });
    }
  }
  if (hosts.length !== 4) {
    throw new ShipyardError(
      `demo/inventory.yml lists ${hosts.length} hosts; the demo needs two per environment`,
    );
  }
  return { text: doc.toString(), hosts };
}

/** Writes .demo/inventory.yml and returns the hosts. */
export async function writeInventory(settings: DemoSettings): Promise<DemoHost[]> {
  const { text, hosts } = renderInventory(await readFile(sourceInventoryPath(settings), 'utf8'), settings);
  await mkdir(settings.dir, { recursive: true });
  await writeFile(effectiveInventoryPath(settings), text);
  return hosts;
}

/** The hosts, without writing anything (for commands that only look). */
export async function listHosts(settings: DemoSettings): Promise<DemoHost[]> {
  return renderInventory(await readFile(sourceInventoryPath(settings), 'utf8'), settings).hosts;
}

/** One host's variable from demo/inventory.yml (anchors and merge keys resolved), if set. */
export async function hostVar(settings: DemoSettings, host: DemoHost, name: string): Promise<unknown> {
  const doc = parseDocument(await readFile(sourceInventoryPath(settings), 'utf8'), { merge: true });
  const all = doc.toJS() as {
    all?: { children?: Record<string, { hosts?: Record<string, Record<string, unknown>> }> };
  };
  return all.all?.children?.[host.env]?.hosts?.[host.name]?.[name];
}
