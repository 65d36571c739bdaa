import { request } from 'node:http';
import { type ContainerSettings, toolName } from './containers.js';

/** A tool `make test` runs, and where it comes from on Debian/Ubuntu (none: not packaged there). */
export interface Tool {
  readonly command: string;
  readonly debianPackage: string | undefined;
}

/** What every machine needs, whatever its container engine. */
export const BASE_TOOLS: readonly Tool[] = [
  { command: 'git', debianPackage: 'git' },
  { command: 'make', debianPackage: 'make' },
  { command: 'terraform', debianPackage: undefined },
  { command: 'ansible-playbook', debianPackage: 'ansible' },
  { command: 'ansible-lint', debianPackage: 'ansible-lint' },
  { command: 'yamllint', debianPackage: 'yamllint' },
  { command: 'shellcheck', debianPackage: 'shellcheck' },
  { command: 'groovy', debianPackage: 'groovy' },
  { command: 'cloud-init', debianPackage: 'cloud-init' },
  { command: 'haproxy', debianPackage: 'haproxy' },
  { command: 'docker-registry', debianPackage: 'docker-registry' },
  // The Jenkins bootstrap's tests: its key and checksum checks, the plugin archives, the agent key.
  { command: 'gpg', debianPackage: 'gnupg' },
  { command: 'unzip', debianPackage: 'unzip' },
  { command: 'ssh-keygen', debianPackage: 'openssh-client' },
];

const ENGINE_PACKAGES: Record<string, string> = { docker: 'docker.io', podman: 'podman', buildah: 'buildah' };

/** Docker's default engine socket, used when DOCKER_HOST is not set. */
export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

/** The tools for this machine: the base ones, the container CLI and the image build command. */
export function requiredTools(containers: ContainerSettings): Tool[] {
  const engineTools = [containers.cli, containers.build[0] ?? containers.cli].map((command) => ({
    command,
    debianPackage: ENGINE_PACKAGES[toolName(command)],
  }));
  const tools = [...BASE_TOOLS];
  for (const tool of engineTools) if (!tools.some((t) => t.command === tool.command)) tools.push(tool);
  return tools;
}

/** The one line for missing tools, naming their packages; undefined when nothing is missing. */
export function missingToolsLine(missing: readonly Tool[]): string | undefined {
  if (missing.length === 0) return undefined;
  const packages = missing.flatMap((t) => (t.debianPackage ? [t.debianPackage] : []));
  const how = [
    ...(packages.length > 0 ? [`Debian/Ubuntu: sudo apt-get install ${packages.join(' ')}`] : []),
    ...(missing.some((t) => t.command === 'terraform')
      ? ['Terraform: https://developer.hashicorp.com/terraform/install']
      : []),
  ];
  return (
    `make test needs tools that are not installed: ${missing.map((t) => t.command).join(' ')}. ` +
    `Install them (${how.join('; ') || 'see the README'}), then run make test again`
  );
}

/** The engine the tests talk to: DOCKER_HOST, else Docker's default socket. */
export function engineSocket(dockerHost: string | undefined): { url: string; socket: string | undefined } {
  const url = dockerHost?.trim() || DEFAULT_DOCKER_HOST;
  return { url, socket: url.startsWith('unix://') ? url.slice('unix://'.length) : undefined };
}

/** Asks the engine API for `/_ping`; resolves to an error text, or undefined when it answers. */
export function pingEngine(socket: string, timeoutMs = 5000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? undefined : `it answered ${res.statusCode}`);
    });
    req.on('timeout', () => req.destroy(new Error('no answer')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}
