// Seam 1: the Deploy stage must use the address family the app hosts' security groups admit from
// where it runs. It runs on the Jenkins build agent, inside the VPC; the app hosts admit SSH from
// the agent only by naming its security group, and a rule that names a security group matches
// traffic to the hosts' private addresses only (traffic to a public address reaches them from
// the agent's public IP, which no rule names). So the stage must pass `--address private`.
// This ties the pipeline's argv to the synthesized infrastructure, read as Terraform will get it
// (`make synth`, run as a process: no package imports another's source).
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deployArgs, provisionArgs } from '../src/stages.js';
import { repoRoot } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON is untyped by nature.
type TfJson = Record<string, any>;
type Family = 'private' | 'public';

const stacks: Record<string, TfJson> = {};
const resources = (stack: string, type: string): [string, TfJson][] =>
  Object.entries((stacks[stack]?.resource?.[type] ?? {}) as Record<string, TfJson>);
const ref = (type: string, id: string, attribute: string) => `\${${type}.${id}.${attribute}}`;
/** The one resource of `type` whose body matches, as [logical id, body]. */
function only(stack: string, type: string, match: (body: TfJson) => boolean = () => true): [string, TfJson] {
  const found = resources(stack, type).filter(([, body]) => match(body));
  if (found.length !== 1) throw new Error(`${stack}: expected one ${type}, found ${found.length}`);
  return found[0] as [string, TfJson];
}

beforeAll(async () => {
  const out = await mkdtemp(join(tmpdir(), 'pipeline-seam-'));
  await execa('make', ['--no-print-directory', '-s', 'synth', `INFRA_OUT=${out}`], { cwd: repoRoot });
  for (const stack of ['shared', 'staging', 'production']) {
    stacks[stack] = JSON.parse(await readFile(join(out, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
  }
}, 120_000);

/**
 * Which address of an app host the build agent's SSH can reach, by the rules admitting port 22
 * on the host's security group: `private` when the agent is admitted by its security group, which
 * matches traffic inside the VPC only; `public` only if some rule named an address range the
 * agent's public IP could fall in. Any other source is an error: the test must learn about it.
 */
function familyAdmittingTheAgent(env: string): Family[] {
  const appSg = only(env, 'aws_security_group', (sg) => /-app$/.test(sg.name));
  const families = new Set<Family>();
  for (const [id, rule] of resources(env, 'aws_vpc_security_group_ingress_rule')) {
    if (rule.security_group_id !== ref('aws_security_group', appSg[0], 'id')) continue;
    const port = (p: unknown) => (typeof p === 'number' ? p : Number.NaN);
    // The app port is a variable validated to 1024-65535: never 22.
    const coversSsh = rule.ip_protocol === '-1' || (port(rule.from_port) <= 22 && port(rule.to_port) >= 22);
    if (!coversSsh) continue;
    if (rule.referenced_security_group_id === '${var.jenkins_agent_security_group_id}') {
      families.add('private');
    } else if (rule.cidr_ipv4 === '${each.value}' && rule.for_each === '${toset(var.admin_cidrs)}') {
      // Admins' laptops, from outside: the agent is not among them (admin_cidrs refuses /0).
    } else {
      throw new Error(`${env}: SSH rule ${id} admits ${JSON.stringify(rule)}: which address family is that?`);
    }
  }
  return [...families];
}

describe("the Deploy stage's address family is the one the security groups admit from the build agent", () => {
  it.each(['staging', 'production'])('%s admits SSH from the agent by security group only', (env) => {
    expect(familyAdmittingTheAgent(env)).toEqual(['private']);
    // No other way in: no inline ingress, no legacy rule resources, and the hosts carry the app
    // security group alone.
    expect(resources(env, 'aws_security_group_rule')).toEqual([]);
    for (const [, sg] of resources(env, 'aws_security_group')) expect(sg.ingress).toBeUndefined();
    const [appSgId] = only(env, 'aws_security_group', (sg) => /-app$/.test(sg.name));
    const templates = resources(env, 'aws_launch_template');
    expect(templates.map(([, t]) => t.vpc_security_group_ids)).toEqual([
      [ref('aws_security_group', appSgId, 'id')],
    ]);
  });

  it('the security group the hosts admit is the build agent’s, in the same VPC', () => {
    const [agentSgId, agentSg] = only('shared', 'aws_security_group', (sg) =>
      /-jenkins-agent$/.test(sg.name),
    );
    // The environments take it from this output (make plan fills var.jenkins_agent_security_group_id).
    expect(stacks.shared?.output.jenkinsAgentSecurityGroupId.value).toBe(
      ref('aws_security_group', agentSgId, 'id'),
    );
    const [vpcId] = only('shared', 'aws_vpc');
    expect(agentSg.vpc_id).toBe(ref('aws_vpc', vpcId, 'id'));
    expect(stacks.shared?.output.vpcId.value).toBe(ref('aws_vpc', vpcId, 'id'));
    for (const env of ['staging', 'production']) {
      for (const [, sg] of resources(env, 'aws_security_group')) expect(sg.vpc_id).toBe('${var.vpc_id}');
    }
    // The agent instance carries that security group (through its launch template).
    const [, agentTemplate] = only('shared', 'aws_launch_template', (t) => /-jenkins-agent$/.test(t.name));
    expect(agentTemplate.vpc_security_group_ids).toEqual([ref('aws_security_group', agentSgId, 'id')]);
  });

  it('the Deploy stage provisions and rolls out with exactly that family', () => {
    const [family] = familyAdmittingTheAgent('production');
    const target = { env: 'production', outputs: undefined };
    const rollout = deployArgs('deploy.js', { ...target, image: 'r/s@sha256:x', appVersion: '1.2.3' });
    const provision = provisionArgs('deploy.js', target);
    for (const argv of [rollout, provision]) {
      expect(argv.filter((_, i) => argv[i - 1] === '--address')).toEqual([family]);
    }
  });

  it('and the Deploy stage runs on the build agent', async () => {
    const jenkinsfile = await readFile(join(repoRoot, 'Jenkinsfile'), 'utf8');
    const release = jenkinsfile.slice(jenkinsfile.indexOf("stage('Release')"));
    expect(release.slice(0, release.indexOf("stage('Deploy')"))).toMatch(
      /agent \{\s*dockerfile \{[^}]*label 'docker'/,
    );
    const agentNode = parse(await readFile(join(repoRoot, 'jenkins/casc-agent.yaml'), 'utf8'));
    expect(agentNode.jenkins.nodes[0].permanent.labelString).toBe('docker');
    // The controller reaches it at the address Terraform writes: the agent instance's private IP.
    const [agentId] = only('shared', 'aws_instance', (i) => /-jenkins-agent$/.test(i.tags?.Name));
    const [, address] = only('shared', 'aws_ssm_parameter', (p) => /agent\/address$/.test(p.name));
    expect(address).toMatchObject({
      name: '/${var.project}/agent/address',
      value: ref('aws_instance', agentId, 'private_ip'),
    });
  });
});
