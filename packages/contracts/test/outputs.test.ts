import { describe, expect, it } from 'vitest';
import {
  deployContractFromOutputs,
  deployContractParameter,
  deployContractSchema,
  describeIssue,
  type Outputs,
  outputsSchema,
} from '../src/index.js';

const environment = (name: string, hosts: Array<{ publicIp: string }>) => ({
  albDnsName: `shipyard-${name}-1.eu-west-1.elb.amazonaws.com`,
  albUrl: `http://shipyard-${name}-1.eu-west-1.elb.amazonaws.com`,
  targetGroupArn: `arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shipyard-${name}/abc`,
  instances: hosts.map((h, i) => ({
    id: `i-0${name.length}${i}`,
    publicIp: h.publicIp,
    privateIp: `10.20.${i}.10`,
  })),
});

const outputs: Outputs = {
  project: 'shipyard',
  region: 'eu-west-1',
  appPort: 3000,
  sshUser: 'ec2-user',
  ecrRepositoryUrl: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shipyard-service',
  jenkinsUrl: 'http://203.0.113.10:8080',
  environments: {
    staging: environment('staging', [{ publicIp: '203.0.113.11' }, { publicIp: '203.0.113.12' }]),
    // Hosts in private subnets have no public IP: infra writes an empty string.
    production: environment('production', [{ publicIp: '' }, { publicIp: '' }]),
  },
};

describe('outputsSchema', () => {
  it('round-trips outputs for hosts without public IPs', () => {
    const text = JSON.stringify(outputs);
    expect(outputsSchema.parse(JSON.parse(text))).toEqual(outputs);
  });

  it.each([
    [
      'an environment with no hosts',
      { ...outputs.environments, production: { ...outputs.environments.production, instances: [] } },
      'environments.production.instances',
    ],
    [
      'a load balancer URL that is not a URL',
      { ...outputs.environments, staging: { ...outputs.environments.staging, albUrl: 'shipyard-staging' } },
      'environments.staging.albUrl',
    ],
    ['a missing environment', { staging: outputs.environments.staging }, 'environments.production'],
  ])('refuses %s, naming where', (_, environments, where) => {
    const result = outputsSchema.safeParse({ ...outputs, environments });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(describeIssue(result.error)).toMatch(new RegExp(`^${where.replaceAll('.', '\\.')}: `));
  });

  it('refuses an environment nobody knows', () => {
    const result = outputsSchema.safeParse({
      ...outputs,
      environments: { ...outputs.environments, qa: outputs.environments.staging },
    });
    expect(result.success).toBe(false);
  });
});

describe('the deploy contract', () => {
  it('is one environment of outputs.json, and satisfies its own schema', () => {
    const contract = deployContractFromOutputs(outputs, 'production');
    expect(deployContractSchema.parse(JSON.parse(JSON.stringify(contract)))).toEqual(contract);
    expect(contract).toMatchObject({ environment: 'production', appPort: 3000, sshUser: 'ec2-user' });
    expect(contract.instances.map((i) => i.publicIp)).toEqual(['', '']);
    expect(contract).not.toHaveProperty('jenkinsUrl');
  });

  it('lives in one SSM parameter per environment', () => {
    expect(deployContractParameter('shipyard', 'staging')).toBe('/shipyard/deploy/staging');
  });
});
