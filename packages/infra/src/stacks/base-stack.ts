import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { SynthSettings } from '../config/settings';
import { declareInputs, type Inputs } from '../config/variables';

export interface BaseStackProps {
  readonly settings: SynthSettings;
}

/** Fake credentials for `make preview`: the provider never calls AWS with them. */
const PREVIEW_CREDENTIALS = { accessKey: 'preview-not-a-key', secretKey: 'preview-not-a-secret' };

/** A stack with the inputs, the AWS provider and its backend: local state or S3 with a lock file. */
export class BaseStack extends TerraformStack {
  public readonly inputs: Inputs;

  constructor(scope: Construct, id: string, props: BaseStackProps) {
    super(scope, id);
    const s = props.settings;
    this.inputs = declareInputs(this);
    const project = this.inputs.project.stringValue;
    // Empty strings make the provider fall back to the standard chain (profile, env, SSO, IMDS).
    const keyId = this.inputs.awsAccessKeyId.stringValue;
    const secret = this.inputs.awsSecretAccessKey.stringValue;
    new AwsProvider(this, 'aws', {
      region: this.inputs.region.stringValue,
      ...(s.preview
        ? {
            ...PREVIEW_CREDENTIALS,
            skipCredentialsValidation: true,
            skipRequestingAccountId: true,
            skipMetadataApiCheck: 'true',
            skipRegionValidation: true,
          }
        : { accessKey: keyId, secretKey: secret }),
      defaultTags: [{ tags: { Project: project, ManagedBy: 'shipyard-infra', Stack: id } }],
    });

    if (s.stateBucket) {
      new S3Backend(this, {
        bucket: s.stateBucket,
        key: `${s.stateKeyPrefix}/${id}.tfstate`,
        region: s.stateRegion,
        encrypt: true,
      });
      // cdktf 0.21 predates `use_lockfile` (S3-native locking, Terraform 1.10+); DynamoDB is not needed.
      this.addOverride('terraform.backend.s3.use_lockfile', true);
    } else {
      const stackDir = path.join(s.outdir, 'stacks', id);
      const stateDir = s.preview ? path.join(s.outdir, 'state') : s.localStateDir;
      // Relative, so the repository can move; outside cdktf.out, so `make clean` keeps it.
      new LocalBackend(this, { path: path.relative(stackDir, path.join(stateDir, `${id}.tfstate`)) });
    }
  }
}
