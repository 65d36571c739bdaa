import { describeIssue, ENVIRONMENTS, type Outputs, outputsSchema } from '@shipyard/contracts';

/** `terraform output -json` of one stack. */
export type TerraformOutputJson = Record<string, { value: unknown; type?: unknown; sensitive?: boolean }>;

export interface StackOutputs {
  readonly shared: TerraformOutputJson;
  readonly staging: TerraformOutputJson;
  readonly production: TerraformOutputJson;
}

function value(stack: string, outputs: TerraformOutputJson, name: string): unknown {
  const entry = outputs[name];
  if (entry === undefined) {
    throw new Error(`the ${stack} stack has no output "${name}": apply it first (make plan && make apply).`);
  }
  return entry.value;
}

function list(stack: string, outputs: TerraformOutputJson, name: string): string[] {
  const v = value(stack, outputs, name);
  if (!Array.isArray(v)) throw new Error(`the ${stack} stack's output "${name}" is not a list.`);
  return v.map(String);
}

/** Merges the three stacks' outputs into the `outputs.json` shape and validates it. */
export function mergeOutputs(stacks: StackOutputs): Outputs {
  const s = stacks.shared;
  const environments = Object.fromEntries(
    ENVIRONMENTS.map((env) => {
      const o = stacks[env];
      const ids = list(env, o, 'instanceIds');
      const publicIps = list(env, o, 'instancePublicIps');
      const privateIps = list(env, o, 'instancePrivateIps');
      return [
        env,
        {
          albDnsName: value(env, o, 'albDnsName'),
          albUrl: value(env, o, 'albUrl'),
          targetGroupArn: value(env, o, 'targetGroupArn'),
          instances: ids.map((id, i) => ({
            id,
            publicIp: publicIps[i] ?? '',
            privateIp: privateIps[i] ?? '',
          })),
        },
      ];
    }),
  );
  const merged = {
    project: value('shared', s, 'project'),
    region: value('shared', s, 'region'),
    appPort: value('shared', s, 'appPort'),
    sshUser: value('shared', s, 'sshUser'),
    ecrRepositoryUrl: value('shared', s, 'ecrRepositoryUrl'),
    jenkinsUrl: value('shared', s, 'jenkinsUrl'),
    environments,
  };
  const parsed = outputsSchema.safeParse(merged);
  if (!parsed.success) {
    throw new Error(`outputs do not match the contract at ${describeIssue(parsed.error)}.`);
  }
  return parsed.data;
}
