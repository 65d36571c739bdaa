import { DEFAULT_PROJECT, PROJECT_NAME } from '@shipyard/contracts';
import { TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * The user's inputs, read from `terraform.tfvars`. Every stack declares all of them so that any
 * stack's plan validates the whole file (and Terraform never warns about undeclared values).
 */
export interface Inputs {
  readonly project: TerraformVariable;
  readonly region: TerraformVariable;
  readonly awsAccessKeyId: TerraformVariable;
  readonly awsSecretAccessKey: TerraformVariable;
  readonly stateBucket: TerraformVariable;
  readonly vpcCidr: TerraformVariable;
  readonly availabilityZones: TerraformVariable;
  readonly enablePrivateSubnets: TerraformVariable;
  readonly adminCidrs: TerraformVariable;
  readonly sshPublicKey: TerraformVariable;
  readonly appInstanceType: TerraformVariable;
  readonly jenkinsInstanceType: TerraformVariable;
  readonly jenkinsAgentInstanceType: TerraformVariable;
  readonly stagingInstanceCount: TerraformVariable;
  readonly productionInstanceCount: TerraformVariable;
  readonly appPort: TerraformVariable;
  readonly stagingCertificateArn: TerraformVariable;
  readonly productionCertificateArn: TerraformVariable;
  readonly productionDeletionProtection: TerraformVariable;
  readonly ecrKeepImages: TerraformVariable;
  readonly jenkinsRepoUrl: TerraformVariable;
  readonly jenkinsRepoBranch: TerraformVariable;
}

/** Upper bound on instances per environment: a guard against a typo that would bill hundreds. */
export const MAX_INSTANCES = 10;

const rule = (condition: string, errorMessage: string) => [{ condition: `\${${condition}}`, errorMessage }];

const count = (scope: Construct, env: string) =>
  new TerraformVariable(scope, `${env}_instance_count`, {
    type: 'number',
    default: 2,
    description: `Number of app instances in ${env}, spread over the public subnets (1-${MAX_INSTANCES}).`,
    validation: rule(
      `var.${env}_instance_count >= 1 && var.${env}_instance_count <= ${MAX_INSTANCES} && floor(var.${env}_instance_count) == var.${env}_instance_count`,
      `${env}_instance_count must be a whole number from 1 to ${MAX_INSTANCES}.`,
    ),
  });

const certificate = (scope: Construct, env: string) =>
  new TerraformVariable(scope, `${env}_certificate_arn`, {
    type: 'string',
    default: '',
    description: `ACM certificate ARN for the ${env} ALB. When set, the ALB serves HTTPS and redirects HTTP to it.`,
    validation: rule(
      `var.${env}_certificate_arn == "" || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.${env}_certificate_arn))`,
      `${env}_certificate_arn must be empty or an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>).`,
    ),
  });

/** Declares every user input in `scope` (a stack). */
export function declareInputs(scope: Construct): Inputs {
  return {
    project: new TerraformVariable(scope, 'project', {
      type: 'string',
      default: DEFAULT_PROJECT,
      description: 'Project name: prefixes every resource name and the Project tag.',
      // The rule of @shipyard/contracts, which the deploy tool checks --project with.
      validation: rule(
        `can(regex("${PROJECT_NAME.source}", var.project))`,
        'project must be 3-20 lowercase letters, digits or hyphens, starting with a letter (it prefixes ALB names, which AWS caps at 32 characters).',
      ),
    }),
    region: new TerraformVariable(scope, 'region', {
      type: 'string',
      default: 'eu-west-1',
      description: 'AWS region for every resource.',
      validation: rule(
        'can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$", var.region))',
        'region must be an AWS region code such as eu-west-1.',
      ),
    }),
    awsAccessKeyId: new TerraformVariable(scope, 'aws_access_key_id', {
      type: 'string',
      default: '',
      sensitive: true,
      description:
        'Optional access key id. Leave empty to use the standard AWS chain (AWS_PROFILE, environment, SSO, instance role).',
    }),
    awsSecretAccessKey: new TerraformVariable(scope, 'aws_secret_access_key', {
      type: 'string',
      default: '',
      sensitive: true,
      description: 'Optional secret access key, paired with aws_access_key_id.',
    }),
    stateBucket: new TerraformVariable(scope, 'state_bucket', {
      type: 'string',
      default: '',
      description:
        'S3 bucket for remote state (read at synth time: a backend takes no variables). Empty keeps local state.',
      validation: rule(
        'var.state_bucket == "" || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket))',
        'state_bucket must be empty or a valid S3 bucket name (3-63 lowercase letters, digits, dots, hyphens).',
      ),
    }),
    vpcCidr: new TerraformVariable(scope, 'vpc_cidr', {
      type: 'string',
      default: '10.20.0.0/16',
      description: 'IPv4 CIDR of the VPC, /16 to /24; subnets are carved from it.',
      validation: rule(
        'can(cidrnetmask(var.vpc_cidr)) && tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 24',
        'vpc_cidr must be an IPv4 CIDR from /16 to /24, such as 10.20.0.0/16.',
      ),
    }),
    availabilityZones: new TerraformVariable(scope, 'availability_zones', {
      type: 'list(string)',
      default: [],
      description: 'Two availability zones for the subnets. Empty means <region>a and <region>b.',
      validation: rule(
        'length(var.availability_zones) == 0 || length(var.availability_zones) == 2',
        'availability_zones must be empty or list exactly two zones, such as ["eu-west-1a", "eu-west-1b"].',
      ),
    }),
    enablePrivateSubnets: new TerraformVariable(scope, 'enable_private_subnets', {
      type: 'bool',
      default: false,
      description:
        'Also create two private subnets behind one NAT gateway (the NAT gateway is billed hourly).',
    }),
    adminCidrs: new TerraformVariable(scope, 'admin_cidrs', {
      type: 'list(string)',
      default: [],
      description:
        'IPv4 CIDRs allowed to reach the Jenkins UI and SSH, never the whole internet. Empty means nobody (use SSM Session Manager).',
      // Two rules, each refusing what the other lets through, so a bad entry gets exactly one line:
      // a /0 (IPv4 or IPv6) opens Jenkins and SSH to the world; anything else must be IPv4.
      validation: [
        ...rule(
          'alltrue([for c in var.admin_cidrs : !endswith(c, "/0")])',
          'admin_cidrs must not include 0.0.0.0/0 or ::/0 (the whole internet): list your own addresses, such as 203.0.113.7/32.',
        ),
        ...rule(
          'alltrue([for c in var.admin_cidrs : can(cidrnetmask(c)) || endswith(c, "/0")])',
          'admin_cidrs must hold IPv4 CIDRs such as 203.0.113.7/32.',
        ),
      ],
    }),
    sshPublicKey: new TerraformVariable(scope, 'ssh_public_key', {
      type: 'string',
      description:
        'OpenSSH public key installed on every instance (ssh-ed25519, ssh-rsa or ecdsa). Only the public half ever leaves your machine.',
      validation: rule(
        'can(regex("^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]{40,}={0,3}( [^\\\\n]*)?$", trimspace(var.ssh_public_key)))',
        'ssh_public_key must be one OpenSSH public key line, such as the content of ~/.ssh/id_ed25519.pub.',
      ),
    }),
    appInstanceType: new TerraformVariable(scope, 'app_instance_type', {
      type: 'string',
      default: 't3.small',
      description: 'EC2 instance type of the app instances (x86_64).',
      validation: rule(
        'can(regex("^[a-z][a-z0-9-]*\\\\.[a-z0-9]+$", var.app_instance_type))',
        'app_instance_type must be an EC2 instance type such as t3.small.',
      ),
    }),
    jenkinsInstanceType: new TerraformVariable(scope, 'jenkins_instance_type', {
      type: 'string',
      default: 't3.medium',
      description: 'EC2 instance type of the Jenkins server (x86_64; Jenkins wants 2 GiB or more).',
      validation: rule(
        'can(regex("^[a-z][a-z0-9-]*\\\\.[a-z0-9]+$", var.jenkins_instance_type))',
        'jenkins_instance_type must be an EC2 instance type such as t3.medium.',
      ),
    }),
    jenkinsAgentInstanceType: new TerraformVariable(scope, 'jenkins_agent_instance_type', {
      type: 'string',
      default: 't3.medium',
      description:
        'EC2 instance type of the Jenkins build agent, where every build runs (x86_64; the tests want 4 GiB or more).',
      validation: rule(
        'can(regex("^[a-z][a-z0-9-]*\\\\.[a-z0-9]+$", var.jenkins_agent_instance_type))',
        'jenkins_agent_instance_type must be an EC2 instance type such as t3.medium.',
      ),
    }),
    stagingInstanceCount: count(scope, 'staging'),
    productionInstanceCount: count(scope, 'production'),
    appPort: new TerraformVariable(scope, 'app_port', {
      type: 'number',
      default: 3000,
      description: 'Port the service listens on inside the instances; the ALB forwards to it.',
      validation: rule(
        'var.app_port >= 1024 && var.app_port <= 65535 && floor(var.app_port) == var.app_port',
        'app_port must be a whole number from 1024 to 65535.',
      ),
    }),
    stagingCertificateArn: certificate(scope, 'staging'),
    productionCertificateArn: certificate(scope, 'production'),
    productionDeletionProtection: new TerraformVariable(scope, 'production_deletion_protection', {
      type: 'bool',
      default: true,
      description:
        'Protect the production ALB from deletion. `make destroy` lifts it itself, after confirmation.',
    }),
    ecrKeepImages: new TerraformVariable(scope, 'ecr_keep_images', {
      type: 'number',
      default: 50,
      description:
        'How many of the newest tagged images the ECR lifecycle policy looks at: SHA-only images among them are kept, older ones expire. Release (X.Y.Z, X.Y), environment and rollback tags are never expired; untagged images expire after a day.',
      validation: rule(
        'var.ecr_keep_images >= 1 && var.ecr_keep_images <= 1000 && floor(var.ecr_keep_images) == var.ecr_keep_images',
        'ecr_keep_images must be a whole number from 1 to 1000.',
      ),
    }),
    jenkinsRepoUrl: new TerraformVariable(scope, 'jenkins_repo_url', {
      type: 'string',
      default: '',
      description: 'Git URL of this repository, which the Jenkins seed job builds. Empty skips the seed job.',
      validation: rule(
        'var.jenkins_repo_url == "" || can(regex("^(https://|ssh://|git@)[^ ]+$", var.jenkins_repo_url))',
        'jenkins_repo_url must be empty or a git URL (https://..., ssh://... or git@host:owner/repo.git).',
      ),
    }),
    jenkinsRepoBranch: new TerraformVariable(scope, 'jenkins_repo_branch', {
      type: 'string',
      default: 'develop',
      description: 'Branch the Jenkins seed job builds first.',
      validation: rule(
        'can(regex("^[A-Za-z0-9._/-]+$", var.jenkins_repo_branch))',
        'jenkins_repo_branch must be a git branch name such as develop.',
      ),
    }),
  };
}
