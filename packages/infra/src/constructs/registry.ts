import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { imageLifecycleRules } from './image-lifecycle';

export interface RegistryProps {
  /** Repository name, e.g. `shipyard-service`. */
  readonly name: string;
  /**
   * How many of the newest tagged images the lifecycle policy looks at (1-1000): the SHA-only
   * images among them are kept, older SHA-only images expire. Release, line, environment and
   * rollback tags are never expired, and untagged images expire after a day
   * (see image-lifecycle.ts). @default 50
   */
  readonly keepShaImages?: number;
  /**
   * Tag mutability. The pipeline moves `staging`, `production`, `X.Y` and `X` on every release,
   * and provider 5.100 has no `IMMUTABLE_WITH_EXCLUSION`, so tags stay mutable and the pipeline
   * refuses to push an `X.Y.Z` or SHA tag that already exists (see docs/infra.md).
   * @default 'MUTABLE'
   */
  readonly imageTagMutability?: 'MUTABLE' | 'IMMUTABLE';
  /** Let `terraform destroy` delete a repository that still holds images (they go with it). @default false */
  readonly forceDelete?: boolean;
}

/** The ECR repository for the service image: scan on push, encrypted, bounded by a lifecycle policy. */
export class Registry extends Construct {
  public readonly repository: EcrRepository;

  constructor(scope: Construct, id: string, props: RegistryProps) {
    super(scope, id);
    const keep = props.keepShaImages ?? 50;
    if (!Token.isUnresolved(keep) && (!Number.isInteger(keep) || keep < 1 || keep > 1000)) {
      throw new Error(`Registry: keepShaImages must be a whole number from 1 to 1000, got ${keep}.`);
    }
    this.repository = new EcrRepository(this, 'repository', {
      name: props.name,
      imageTagMutability: props.imageTagMutability ?? 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'AES256' }],
      forceDelete: props.forceDelete ?? false,
    });
    new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: this.repository.name,
      // jsonencode, not JSON.stringify: countNumber may be a Terraform variable and must stay a number.
      policy: Fn.jsonencode({ rules: imageLifecycleRules(keep) }),
    });
  }
}
