import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { splat } from './splat';

export interface NetworkProps {
  /** Name prefix for every resource (the project name). */
  readonly name: string;
  /** IPv4 CIDR of the VPC; each subnet takes a /(n+4) slice of it. @default '10.20.0.0/16' */
  readonly cidr?: string;
  /** Exactly two availability zones, one subnet of each kind per zone. */
  readonly availabilityZones: string[];
  /**
   * Also create two private subnets with one NAT gateway. A boolean or a Terraform bool token.
   * @default false
   */
  readonly enablePrivateSubnets?: boolean | string;
}

/** A VPC with two public subnets in two AZs, an internet gateway and routes; private subnets optional. */
export class Network extends Construct {
  public readonly vpc: Vpc;
  public readonly publicSubnets: Subnet[];
  public readonly privateSubnets: Subnet[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const cidr = props.cidr ?? '10.20.0.0/16';
    if (!Token.isUnresolved(cidr) && !/^(\d{1,3}\.){3}\d{1,3}\/(1[6-9]|2[0-4])$/.test(cidr)) {
      throw new Error(`Network: cidr must be an IPv4 CIDR from /16 to /24, got "${cidr}".`);
    }
    if (!Token.isUnresolved(props.availabilityZones) && props.availabilityZones.length !== 2) {
      throw new Error(
        `Network: availabilityZones must list exactly 2 zones, got ${props.availabilityZones.length}.`,
      );
    }
    const az = (i: number) => Fn.element(props.availabilityZones, i);

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.name },
    });
    const igw = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: { Name: props.name } });
    const publicRoutes = new RouteTable(this, 'public', {
      vpcId: this.vpc.id,
      tags: { Name: `${props.name}-public` },
    });
    new Route(this, 'public-default', {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });

    this.publicSubnets = [0, 1].map((i) => {
      const subnet = new Subnet(this, `public-${i}`, {
        vpcId: this.vpc.id,
        availabilityZone: az(i),
        cidrBlock: Fn.cidrsubnet(cidr, 4, i),
        mapPublicIpOnLaunch: true,
        tags: { Name: `${props.name}-public-${i}`, Tier: 'public' },
      });
      new RouteTableAssociation(this, `public-${i}-routes`, {
        subnetId: subnet.id,
        routeTableId: publicRoutes.id,
      });
      return subnet;
    });

    // Count 0/1 keeps a single code path whether the flag is a literal or a tfvars value.
    const enabled = props.enablePrivateSubnets ?? false;
    const privateCount = Token.asNumber(
      typeof enabled === 'boolean' ? (enabled ? 1 : 0) : Fn.conditional(enabled, 1, 0),
    );
    const natIp = new Eip(this, 'nat-ip', {
      count: privateCount,
      domain: 'vpc',
      tags: { Name: `${props.name}-nat` },
    });
    const nat = new NatGateway(this, 'nat', {
      count: privateCount,
      allocationId: Fn.element(splat(natIp, 'id'), 0),
      subnetId: this.publicSubnets[0]?.id ?? '',
      tags: { Name: props.name },
      dependsOn: [igw],
    });
    const privateRoutes = new RouteTable(this, 'private', {
      count: privateCount,
      vpcId: this.vpc.id,
      tags: { Name: `${props.name}-private` },
    });
    new Route(this, 'private-default', {
      count: privateCount,
      routeTableId: Fn.element(splat(privateRoutes, 'id'), 0),
      destinationCidrBlock: '0.0.0.0/0',
      natGatewayId: Fn.element(splat(nat, 'id'), 0),
    });
    this.privateSubnets = [0, 1].map((i) => {
      const subnet = new Subnet(this, `private-${i}`, {
        count: privateCount,
        vpcId: this.vpc.id,
        availabilityZone: az(i),
        // Slices 8 and 9 leave room for more public subnets later without renumbering.
        cidrBlock: Fn.cidrsubnet(cidr, 4, 8 + i),
        tags: { Name: `${props.name}-private-${i}`, Tier: 'private' },
      });
      new RouteTableAssociation(this, `private-${i}-routes`, {
        count: privateCount,
        subnetId: Fn.element(splat(subnet, 'id'), 0),
        routeTableId: Fn.element(splat(privateRoutes, 'id'), 0),
      });
      return subnet;
    });
  }

  /** Ids of the private subnets (an empty list when they are disabled). */
  public get privateSubnetIds(): string[] {
    return Fn.concat(this.privateSubnets.map((s) => splat(s, 'id')));
  }
}
