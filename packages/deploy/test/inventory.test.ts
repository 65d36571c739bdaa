import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DeployError } from '../src/errors.js';
import { buildInventory, inventoryYaml } from '../src/inventory.js';
import { parseOutputs } from '../src/outputs.js';

const fixture = new URL('fixtures/outputs.json', import.meta.url);
const outputs = parseOutputs(readFileSync(fixture, 'utf8'), 'outputs.json');

describe('buildInventory', () => {
  it('groups the environment hosts by instance id, with host and group vars (contracts §2)', () => {
    expect(buildInventory(outputs, 'staging', 'public')).toEqual({
      all: {
        children: {
          staging: {
            hosts: {
              'i-0123456789abcdef0': {
                ansible_host: '203.0.113.11',
                ansible_user: 'ec2-user',
                instance_id: 'i-0123456789abcdef0',
              },
              'i-0123456789abcdef1': {
                ansible_host: '203.0.113.12',
                ansible_user: 'ec2-user',
                instance_id: 'i-0123456789abcdef1',
              },
            },
            vars: {
              app_env: 'staging',
              app_port: 3000,
              aws_region: 'eu-west-1',
              app_target_group_arn:
                'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shipyard-staging/abc',
              app_lb_driver: 'alb',
              docker_ecr_registries: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com'],
            },
          },
        },
      },
    });
  });

  it('uses private IPs for --address private (Jenkins)', () => {
    const hosts = buildInventory(outputs, 'staging', 'private').all.children.staging?.hosts ?? {};
    expect(Object.values(hosts).map((host) => host.ansible_host)).toEqual(['10.0.0.11', '10.0.1.12']);
  });

  it('refuses an environment with no hosts', () => {
    expect(() => buildInventory(outputs, 'production', 'public')).toThrow(DeployError);
    expect(() => buildInventory(outputs, 'production', 'public')).toThrow(
      'environment "production" has no hosts in the outputs',
    );
  });

  it('renders YAML that reads back to the same inventory', () => {
    const inventory = buildInventory(outputs, 'staging', 'public');
    expect(parse(inventoryYaml(inventory))).toEqual(inventory);
  });
});
