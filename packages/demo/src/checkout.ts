import { cp, mkdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import type { DemoSettings } from './settings.js';

/**
 * A second checkout for proof 7: another directory holding the built deploy CLI and its own
 * ansible/, sharing only the installed dependencies. Returns its CLI. A lock kept inside a
 * checkout (the old `.deploy/` file lock) would never be seen from here.
 */
export async function secondCheckout(settings: DemoSettings): Promise<string> {
  const dir = path.join(settings.dir, 'e2e', 'checkout-2');
  await rm(dir, { recursive: true, force: true });
  const deploy = path.join(dir, 'packages', 'deploy');
  const source = path.join(settings.root, 'packages', 'deploy');
  await mkdir(deploy, { recursive: true });
  await cp(path.join(source, 'dist'), path.join(deploy, 'dist'), { recursive: true });
  await cp(path.join(source, 'package.json'), path.join(deploy, 'package.json'));
  await symlink(path.join(source, 'node_modules'), path.join(deploy, 'node_modules'));
  await cp(path.join(settings.root, 'ansible'), path.join(dir, 'ansible'), { recursive: true });
  return path.join(deploy, 'dist', 'cli.js');
}
