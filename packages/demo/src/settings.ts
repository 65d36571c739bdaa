import path from 'node:path';
import { ShipyardError } from '@shipyard/cli-kit';
import type { Environment } from '@shipyard/contracts';
import { containerSettings } from '@shipyard/pipeline';

/** Everything the local demo needs to know, resolved once from the environment. */
export interface DemoSettings {
  /** Repository root (where demo/ and .demo/ live). */
  readonly root: string;
  /** Run-time directory: state, sockets, logs, registry storage. @default <root>/.demo */
  readonly dir: string;
  /** Name prefix of every container the demo makes. @default shipyard-demo- */
  readonly prefix: string;
  /** Loopback address:port of the local registry. @default 127.0.0.1:5000 */
  readonly registry: string;
  /** Repository in the local registry, named like the ECR one. @default shipyard-service */
  readonly repository: string;
  /** How the registry runs: the Debian binary, a registry:2 container, or auto-detect. */
  readonly registryMode: 'auto' | 'binary' | 'container';
  /** Load balancer listen ports per environment. @default staging 8081, production 8082 */
  readonly lbPorts: Readonly<Record<Environment, number>>;
  /** Host ports of staging-1, staging-2, production-1, production-2. @default 18001-18004 */
  readonly instancePorts: readonly number[];
  /** Container CLI. @default docker */
  readonly containerCli: string;
  /** Image build command as argv. @default [containerCli, 'build'] */
  readonly containerBuild: readonly string[];
  /** Base image for the service image (NODE_IMAGE); undefined keeps the Dockerfile's. */
  readonly nodeImage: string | undefined;
  /** HAProxy health-check timing. @default 1000 ms, rise 2, fall 2 */
  readonly check: { readonly intervalMs: number; readonly rise: number; readonly fall: number };
}

type Env = Readonly<Record<string, string | undefined>>;

function port(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new ShipyardError(`${name}=${raw} is not a TCP port`, `Set ${name} to a number from 1 to 65535.`);
  }
  return n;
}

function positiveInt(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new ShipyardError(
      `${name}=${raw} is not a positive integer`,
      `Set ${name} to a whole number above 0.`,
    );
  }
  return n;
}

/** Reads DEMO_* and the shared container variables; throws a ShipyardError naming a bad one. */
export function resolveSettings(env: Env, root: string): DemoSettings {
  const get = (name: string, fallback: string) => {
    const v = env[name];
    return v === undefined || v === '' ? fallback : v;
  };
  const registry = get('DEMO_REGISTRY', '127.0.0.1:5000');
  const registryMatch = /^(127\.\d+\.\d+\.\d+|localhost):(\d+)$/.exec(registry);
  if (!registryMatch?.[2]) {
    throw new ShipyardError(
      `DEMO_REGISTRY=${registry} is not a loopback host:port`,
      'The demo registry speaks plain HTTP, so it must stay on loopback, e.g. DEMO_REGISTRY=127.0.0.1:5000.',
    );
  }
  port('DEMO_REGISTRY', registryMatch[2]);
  const mode = get('DEMO_REGISTRY_MODE', 'auto');
  if (mode !== 'auto' && mode !== 'binary' && mode !== 'container') {
    throw new ShipyardError(`DEMO_REGISTRY_MODE=${mode} is not one of auto, binary, container`);
  }
  const instancePorts = get('DEMO_INSTANCE_PORTS', '18001,18002,18003,18004')
    .split(',')
    .map((p) => port('DEMO_INSTANCE_PORTS', p.trim()));
  if (instancePorts.length !== 4 || new Set(instancePorts).size !== 4) {
    throw new ShipyardError(
      `DEMO_INSTANCE_PORTS needs four distinct ports, got ${instancePorts.length}`,
      'List them in order staging-1,staging-2,production-1,production-2, e.g. 18001,18002,18003,18004.',
    );
  }
  const containers = containerSettings(env);
  return {
    root,
    dir: path.resolve(root, get('DEMO_DIR', '.demo')),
    prefix: 'shipyard-demo-',
    registry,
    repository: get('DEMO_REPOSITORY', 'shipyard-service'),
    registryMode: mode,
    lbPorts: {
      staging: port('DEMO_STAGING_PORT', get('DEMO_STAGING_PORT', '8081')),
      production: port('DEMO_PRODUCTION_PORT', get('DEMO_PRODUCTION_PORT', '8082')),
    },
    instancePorts,
    containerCli: containers.cli,
    containerBuild: containers.build,
    nodeImage: containers.nodeImage,
    check: {
      intervalMs: positiveInt('DEMO_CHECK_INTERVAL_MS', get('DEMO_CHECK_INTERVAL_MS', '1000')),
      rise: positiveInt('DEMO_CHECK_RISE', get('DEMO_CHECK_RISE', '2')),
      fall: positiveInt('DEMO_CHECK_FALL', get('DEMO_CHECK_FALL', '2')),
    },
  };
}

/** The environment's load balancer URL, as printed at the end of `make demo`. */
export function lbUrl(settings: DemoSettings, env: Environment): string {
  return `http://127.0.0.1:${settings.lbPorts[env]}`;
}

/** Image reference in the local registry for a tag. */
export function imageRef(settings: DemoSettings, tag: string): string {
  return `${settings.registry}/${settings.repository}:${tag}`;
}
