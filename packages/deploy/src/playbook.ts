/** Everything that decides one ansible-playbook run. */
export interface PlaybookOptions {
  /** Absolute path of the playbook. */
  playbook: string;
  inventory: string;
  /** JSON file passed as `--extra-vars @file`, so no value is ever spliced into a command line. */
  extraVarsFile: string;
  limit?: string | undefined;
  check?: boolean | undefined;
  diff?: boolean | undefined;
  /** Number of -v flags, capped at Ansible's maximum of 4. */
  verbosity?: number | undefined;
}

export function playbookArgs(options: PlaybookOptions): string[] {
  const args = ['-i', options.inventory, '--extra-vars', `@${options.extraVarsFile}`];
  if (options.limit) args.push('--limit', options.limit);
  if (options.check) args.push('--check');
  if (options.diff) args.push('--diff');
  const verbosity = Math.min(options.verbosity ?? 0, 4);
  if (verbosity > 0) args.push(`-${'v'.repeat(verbosity)}`);
  args.push(options.playbook);
  return args;
}

export function inventoryListArgs(inventory: string): string[] {
  return ['-i', inventory, '--list'];
}

/** Environment for every Ansible process: our ansible.cfg from any cwd, colour only on a terminal. */
export function ansibleEnv(config: string, tty: boolean): Record<string, string> {
  const env: Record<string, string> = { ANSIBLE_CONFIG: config };
  if (tty) env.ANSIBLE_FORCE_COLOR = '1';
  return env;
}
