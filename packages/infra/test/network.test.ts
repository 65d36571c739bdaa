import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { Network } from '../src/constructs/network';
import { hasResource, resources } from './helpers';

const azs = ['eu-west-1a', 'eu-west-1b'];

describe('Network', () => {
  it('creates a VPC with two public subnets in two AZs routed to an internet gateway', () => {
    const synth = Testing.synthScope((scope) => {
      new Network(scope, 'net', { name: 'shipyard', cidr: '10.1.0.0/16', availabilityZones: azs });
    });
    expect(
      hasResource(synth, Vpc.tfResourceType, { cidr_block: '10.1.0.0/16', enable_dns_hostnames: true }),
    ).toBe(true);
    expect(
      hasResource(synth, Subnet.tfResourceType, {
        map_public_ip_on_launch: true,
        cidr_block: '${cidrsubnet("10.1.0.0/16", 4, 0)}',
      }),
    ).toBe(true);
    expect(hasResource(synth, Route.tfResourceType, { destination_cidr_block: '0.0.0.0/0' })).toBe(true);
    const json = JSON.parse(synth);
    const publics = resources(json, 'aws_subnet').filter((s) => s.tags.Tier === 'public');
    expect(publics.map((s) => s.availability_zone)).toEqual([
      '${element(["eu-west-1a", "eu-west-1b"], 0)}',
      '${element(["eu-west-1a", "eu-west-1b"], 1)}',
    ]);
  });

  it('makes private subnets and the NAT gateway conditional on the flag', () => {
    const off = JSON.parse(
      Testing.synthScope((scope) => {
        new Network(scope, 'net', { name: 'p', availabilityZones: azs });
      }),
    );
    expect(resources(off, NatGateway.tfResourceType)[0]?.count).toBe(0);
    const on = Testing.synthScope((scope) => {
      new Network(scope, 'net', { name: 'p', availabilityZones: azs, enablePrivateSubnets: true });
    });
    expect(hasResource(on, NatGateway.tfResourceType, { count: 1 })).toBe(true);
    expect(resources(JSON.parse(on), 'aws_subnet').filter((s) => s.tags.Tier === 'private')).toHaveLength(2);
  });

  it('names the prop when the CIDR or the zones are wrong', () => {
    const net = (cidr: string, zones: string[]) => () =>
      Testing.synthScope((scope) => {
        new Network(scope, 'net', { name: 'p', cidr, availabilityZones: zones });
      });
    expect(net('10.0.0.0/8', azs)).toThrow(/Network: cidr must be an IPv4 CIDR from \/16 to \/24/);
    expect(net('not-a-cidr', azs)).toThrow(/cidr/);
    expect(net('10.0.0.0/16', ['eu-west-1a'])).toThrow(/availabilityZones must list exactly 2 zones, got 1/);
  });
});
