import { readFileSync } from 'node:fs';
import { ShipyardError } from '@shipyard/cli-kit';
import { deployContractFromOutputs } from '@shipyard/contracts';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseOutputs } from '../src/contract.js';
import { buildInventory, inventoryYaml } from '../src/inventory.js';

const fixture = new URL('fixtures/outputs.json', import.meta.url);
const outputs = parseOutputs(readFileSync(fixture, 'utf8'), 'outputs.json');
const staging = deployContractFromOutputs(outputs, 'staging');
const production = deployContractFromOutputs(outputs, 'production');

describe('buildInventory', () => {
  it('groups the environment hosts by instance id, with host and group vars (contracts §2)', () => {
    expect(buildInventory(staging, 'public')).toEqual({
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
    const hosts = buildInventory(staging, 'private').all.children.staging?.hosts ?? {};
    expect(Object.values(hosts).map((host) => host.ansible_host)).toEqual(['10.0.0.11', '10.0.1.12']);
  });

  it('reaches hosts without a public IP by their private IP', () => {
    const hosts = buildInventory(production, 'private').all.children.production?.hosts ?? {};
    expect(Object.values(hosts).map((host) => host.ansible_host)).toEqual(['10.20.8.21', '10.20.9.22']);
  });

  it('refuses public addresses for hosts that have none, naming the host and the way out', () => {
    expect(() => buildInventory(production, 'public')).toThrow(ShipyardError);
    expect(() => buildInventory(production, 'public')).toThrow(
      'host i-0fedcba9876543210 of production has no public IP',
    );
  });

  it('renders YAML that reads back to the same inventory', () => {
    const inventory = buildInventory(staging, 'public');
    expect(parse(inventoryYaml(inventory))).toEqual(inventory);
  });
});
