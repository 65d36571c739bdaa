import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const cliPath = join(repoRoot, 'packages/pipeline/dist/cli.js');
export const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Compiles the pipeline package so tests run the real CLI (a no-op when dist is current). */
export async function buildCli(): Promise<void> {
  await execa(join(repoRoot, 'node_modules/.bin/tsc'), ['-b', join(repoRoot, 'packages/pipeline')], {
    cwd: repoRoot,
  });
}

/** Runs `pipeline …` in `cwd`; never throws, so tests can assert failures. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}) {
  return execa('node', [cliPath, ...args], {
    cwd,
    reject: false,
    env: { NO_COLOR: '1', ...env },
  });
}

/** Every regular file under `dir`, as paths relative to it. */
export function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(join(dir, rel)).isDirectory() ? filesUnder(dir, rel) : [rel];
  });
}

/** Debian's groovy launcher needs JAVA_HOME when default-java is absent. */
export function javaEnv(): Record<string, string> {
  if (process.env.JAVA_HOME || existsSync('/usr/lib/jvm/default-java')) return {};
  const jvms = existsSync('/usr/lib/jvm')
    ? readdirSync('/usr/lib/jvm').filter((d) => d.startsWith('java-'))
    : [];
  const home = jvms.map((d) => join('/usr/lib/jvm', d)).find((d) => existsSync(join(d, 'bin/java')));
  return home ? { JAVA_HOME: home } : {};
}

export { stripAnsi } from '@shipyard/cli-kit';
