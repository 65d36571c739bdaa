import { type DeployContract, deployContractSchema } from '@shipyard/contracts';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { MAX_INSTANCES } from '../src/config/variables';
import { EnvironmentStack } from '../src/stacks/environment-stack';
import { resources, type TfJson, testSettings } from './helpers';

// The applied value is read back through the schema in terraform.test.ts (a mocked apply); these
// check the synthesized resource and its size bound.
const stack = JSON.parse(
  Testing.synth(
    new EnvironmentStack(Testing.app(), 'production', {
      settings: testSettings(),
      environment: 'production',
    }),
  ),
) as TfJson;

describe('the deploy contract parameter', () => {
  const [parameter] = resources(stack, 'aws_ssm_parameter');

  it('is a Standard String parameter at /<project>/deploy/<env>', () => {
    expect(resources(stack, 'aws_ssm_parameter')).toHaveLength(1);
    expect(parameter).toMatchObject({
      name: '/${var.project}/deploy/production',
      type: 'String',
      tier: 'Standard',
    });
    // Readable in plans: `value` is a sensitive attribute and would be redacted.
    expect(parameter).not.toHaveProperty('value');
  });

  it('publishes exactly the fields of deployContractSchema, the hosts in index order', () => {
    const expression = parameter?.insecure_value as string;
    const keys = [...expression.matchAll(/"(\w+)" = /g)].map((m) => m[1]);
    expect(keys.sort()).toEqual(Object.keys(deployContractSchema.shape).sort());
    expect(expression).toMatch(
      /"instances" = \[for i in aws_instance\.\w+ : \{ id = i\.id, publicIp = i\.public_ip, privateIp = i\.private_ip \}\]/,
    );
  });

  it('fits a Standard parameter (4 KB) with the most instances and the longest names allowed', () => {
    const project = 'abcdefghij-klmnopqrs'; // 20 characters, the variable's maximum
    const region = 'ap-southeast-2';
    const dns = `${project}-production`.slice(0, 32);
    const largest: DeployContract = {
      project,
      region,
      appPort: 65535,
      sshUser: 'ec2-user',
      ecrRepositoryUrl: `123456789012.dkr.ecr.${region}.amazonaws.com/${project}-service`,
      environment: 'production',
      albDnsName: `${dns}-1234567890.${region}.elb.amazonaws.com`,
      albUrl: `https://${dns}-1234567890.${region}.elb.amazonaws.com`,
      targetGroupArn: `arn:aws:elasticloadbalancing:${region}:123456789012:targetgroup/${dns}/0123456789abcdef`,
      instances: Array.from({ length: MAX_INSTANCES }, (_, n) => ({
        id: `i-0123456789abcdef${n}`,
        publicIp: '255.255.255.255',
        privateIp: '255.255.255.255',
      })),
    };
    expect(deployContractSchema.parse(largest)).toEqual(largest);
    expect(Buffer.byteLength(JSON.stringify(largest))).toBeLessThan(4096);
  });
});
