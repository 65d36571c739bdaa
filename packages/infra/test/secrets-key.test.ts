import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { KEY_ADMIN_ACTIONS, SecretsKey, type SecretsKeyProps } from '../src/constructs/secrets-key';
import { resources, type TfJson } from './helpers';

const props: SecretsKeyProps = {
  name: 'shipyard-jenkins-secrets',
  accountId: '123456789012',
  region: 'eu-west-1',
  readerRoleArn: 'arn:aws:iam::123456789012:role/shipyard-jenkins',
};
let statements: SecretsKey['decryptStatements'] = [];
const synth = (over: Partial<SecretsKeyProps> = {}) =>
  JSON.parse(
    Testing.synthScope((scope) => {
      statements = new SecretsKey(scope, 'secrets', { ...props, ...over }).decryptStatements;
    }),
  ) as TfJson;

describe('SecretsKey', () => {
  const json = synth();
  const key = resources(json, KmsKey.tfResourceType)[0] as TfJson;

  it('is a rotated key with an alias and a 30-day deletion window', () => {
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
    const alias = resources(json, KmsAlias.tfResourceType)[0];
    expect(alias?.name).toBe('alias/shipyard-jenkins-secrets');
    expect(alias?.target_key_id).toMatch(/^\$\{aws_kms_key\.secrets_key_[A-Z0-9]+\.key_id\}$/);
  });

  it('lets only the reader role decrypt, through SSM; the account administers it and encrypts through SSM', () => {
    const viaSsm = { StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } };
    expect(JSON.parse(key.policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AccountAdministersTheKey',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:root' },
          Action: KEY_ADMIN_ACTIONS,
          Resource: '*',
        },
        {
          Sid: 'AccountEncryptsThroughSsm',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:root' },
          Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          Condition: viaSsm,
        },
        {
          Sid: 'ReaderDecryptsThroughSsm',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::123456789012:role/shipyard-jenkins' },
          Action: ['kms:Decrypt'],
          Resource: '*',
          Condition: viaSsm,
        },
      ],
    });
  });

  it('gives the account no way to decrypt: no kms:*, no Decrypt, no grant, no re-encrypt', () => {
    const forAccount = JSON.parse(key.policy)
      .Statement.filter((s: TfJson) => s.Principal.AWS.endsWith(':root'))
      .flatMap((s: TfJson) => s.Action as string[]);
    expect(forAccount.filter((a: string) => /\*|Decrypt|CreateGrant|ReEncrypt/.test(a))).toEqual([]);
    expect(KEY_ADMIN_ACTIONS).toContain('kms:PutKeyPolicy');
    expect(KEY_ADMIN_ACTIONS).toContain('kms:ScheduleKeyDeletion');
  });

  it("gives the reader role's policy kms:Decrypt on this key only, through SSM", () => {
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Action).toEqual(['kms:Decrypt']);
    expect(statements[0]?.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' },
    });
  });

  it('refuses a deletion window outside 7-30 days', () => {
    for (const deletionWindowDays of [6, 31, 7.5]) {
      expect(() => synth({ deletionWindowDays })).toThrow(
        /SecretsKey: deletionWindowDays must be a whole number from 7 to 30, got /,
      );
    }
  });
});
