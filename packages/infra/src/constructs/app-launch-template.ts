import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import type { Construct } from 'constructs';

/** Amazon Linux 2023 through its public SSM parameter: resolved by EC2 at launch, so planning calls no AWS API. */
export const AL2023_AMI = 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';

export interface HardenedLaunchTemplateProps {
  readonly name: string;
  readonly instanceType: string;
  readonly keyName: string;
  readonly securityGroupIds: string[];
  readonly instanceProfileArn: string;
  readonly rootVolumeGiB: number;
  readonly tags: Record<string, string>;
  readonly userDataBase64?: string;
}

/** The launch template every instance uses: IMDSv2 only, hop limit 1, encrypted gp3 root, tagged volumes. */
export function hardenedLaunchTemplate(scope: Construct, id: string, p: HardenedLaunchTemplateProps) {
  return new LaunchTemplate(scope, id, {
    name: p.name,
    imageId: AL2023_AMI,
    instanceType: p.instanceType,
    keyName: p.keyName,
    vpcSecurityGroupIds: p.securityGroupIds,
    iamInstanceProfile: { arn: p.instanceProfileArn },
    userData: p.userDataBase64,
    metadataOptions: {
      httpEndpoint: 'enabled',
      httpTokens: 'required',
      // An IMDSv2 token travels one hop: a container behind the Docker bridge (a second hop) gets
      // none, hence not the instance role. A container on the host network would still get one,
      // which is why the app role runs the service bridged on AWS.
      httpPutResponseHopLimit: 1,
    },
    blockDeviceMappings: [
      {
        deviceName: '/dev/xvda',
        ebs: {
          volumeSize: p.rootVolumeGiB,
          volumeType: 'gp3',
          encrypted: 'true',
          deleteOnTermination: 'true',
        },
      },
    ],
    tagSpecifications: [
      { resourceType: 'instance', tags: p.tags },
      { resourceType: 'volume', tags: p.tags },
    ],
    tags: p.tags,
    updateDefaultVersion: true,
  });
}
