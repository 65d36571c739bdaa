import * as fs from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { readSynthSettings, tfvarsString } from '../src/config/settings';
import { SharedStack } from '../src/stacks/shared-stack';
import { bootstrapFixture, tempDir, testSettings } from './helpers';

const synthShared = (settings = testSettings()) => {
  const app = Testing.app();
  return JSON.parse(
    Testing.synth(new SharedStack(app, 'shared', { settings, jenkinsBootstrapDir: bootstrapFixture })),
  );
};

describe('synth settings', () => {
  it('reads state_bucket, region and project from terraform.tfvars', () => {
    const dir = tempDir('tfvars');
    const file = path.join(dir, 'terraform.tfvars');
    fs.writeFileSync(
      file,
      'project = "acme"\n  region = "us-east-2" # comment\nstate_bucket = "acme-tfstate"\n',
    );
    const s = readSynthSettings({ SHIPYARD_TFVARS: file });
    expect([s.stateBucket, s.stateRegion, s.stateKeyPrefix, s.preview]).toEqual([
      'acme-tfstate',
      'us-east-2',
      'acme',
      false,
    ]);
  });

  it('lets the environment override the bucket, and preview never uses one', () => {
    const none = path.join(tempDir('none'), 'missing.tfvars');
    expect(readSynthSettings({ SHIPYARD_TFVARS: none, SHIPYARD_STATE_BUCKET: 'b-env' }).stateBucket).toBe(
      'b-env',
    );
    expect(readSynthSettings({ SHIPYARD_TFVARS: none }).stateBucket).toBeUndefined();
    expect(
      readSynthSettings({ SHIPYARD_TFVARS: none, SHIPYARD_STATE_BUCKET: 'b-env', SHIPYARD_PREVIEW: '1' }),
    ).toMatchObject({
      stateBucket: undefined,
      preview: true,
    });
  });

  it('refuses a malformed bucket name with one line naming state_bucket', () => {
    expect(() =>
      readSynthSettings({ SHIPYARD_TFVARS: '/nonexistent', SHIPYARD_STATE_BUCKET: 'Bad_Bucket' }),
    ).toThrow(/^state_bucket "Bad_Bucket" is not a valid S3 bucket name/);
  });

  it('parses only top-level string attributes', () => {
    expect(tfvarsString('# state_bucket = "x"\nstate_bucket = ""\n', 'state_bucket')).toBe('');
    expect(tfvarsString('other_state_bucket = "x"\n', 'state_bucket')).toBeUndefined();
  });
});

describe('backend', () => {
  it('uses S3 with native locking when a bucket is set', () => {
    const json = synthShared(
      testSettings({ stateBucket: 'acme-tfstate', stateRegion: 'us-east-2', stateKeyPrefix: 'acme' }),
    );
    expect(json.terraform.backend).toEqual({
      s3: {
        bucket: 'acme-tfstate',
        key: 'acme/shared.tfstate',
        region: 'us-east-2',
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  it('keeps local state outside cdktf.out otherwise', () => {
    expect(synthShared().terraform.backend).toEqual({ local: { path: '../../../state/shared.tfstate' } });
  });

  it('gives only preview fake credentials and the provider skip flags', () => {
    const live = synthShared().provider.aws[0];
    expect(live).not.toHaveProperty('skip_credentials_validation');
    expect(live.access_key).toBe('${var.aws_access_key_id}');
    const preview = synthShared(testSettings({ preview: true })).provider.aws[0];
    expect(preview).toMatchObject({
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: 'true',
      access_key: 'preview-not-a-key',
    });
  });
});
