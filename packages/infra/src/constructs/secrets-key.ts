import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import type { PolicyStatement } from './instance-role';

export interface SecretsKeyProps {
  /** Key name: the alias is `alias/<name>`. */
  readonly name: string;
  /** AWS account id: its IAM identities administer the key and encrypt with it. */
  readonly accountId: string;
  /** Region of Parameter Store, the only service the key is used through. */
  readonly region: string;
  /** ARN of the one role that may decrypt (the Jenkins server's). */
  readonly readerRoleArn: string;
  /** Days a scheduled deletion waits, during which it can be cancelled (7-30). @default 30 */
  readonly deletionWindowDays?: number;
}

/** A key statement: a policy statement with the principal it applies to. */
export interface KeyPolicyStatement extends PolicyStatement {
  readonly Principal: { readonly AWS: string };
}

/**
 * What the account's identities may do to the key through IAM: manage it, never use it to
 * decrypt. Spelled out rather than `kms:*` (which holds kms:Decrypt, so any IAM policy could
 * grant decrypt); without `kms:CreateGrant` (a grant can hand out decrypt too) and `kms:ReEncrypt*`
 * (re-encrypting to another key is decrypting).
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/**
 * The key policy: the account administers the key and may encrypt through SSM (an operator
 * writes SecureString parameters), and only the reader role may decrypt, through SSM only.
 */
export function secretsKeyPolicy(p: Pick<SecretsKeyProps, 'accountId' | 'region' | 'readerRoleArn'>) {
  const account = `arn:aws:iam::${p.accountId}:root`;
  const viaSsm = { StringEquals: { 'kms:ViaService': `ssm.${p.region}.amazonaws.com` } };
  const statements: KeyPolicyStatement[] = [
    {
      Sid: 'AccountAdministersTheKey',
      Effect: 'Allow',
      Principal: { AWS: account },
      Action: KEY_ADMIN_ACTIONS,
      Resource: '*',
    },
    {
      Sid: 'AccountEncryptsThroughSsm',
      Effect: 'Allow',
      Principal: { AWS: account },
      Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: '*',
      Condition: viaSsm,
    },
    {
      Sid: 'ReaderDecryptsThroughSsm',
      Effect: 'Allow',
      Principal: { AWS: p.readerRoleArn },
      Action: ['kms:Decrypt'],
      Resource: '*',
      Condition: viaSsm,
    },
  ];
  return { Version: '2012-10-17', Statement: statements };
}

/** A customer-managed KMS key (rotated yearly) for SecureString parameters one role reads. */
export class SecretsKey extends Construct {
  public readonly key: KmsKey;
  public readonly alias: KmsAlias;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: SecretsKeyProps) {
    super(scope, id);
    const window = props.deletionWindowDays ?? 30;
    if (!Token.isUnresolved(window) && (!Number.isInteger(window) || window < 7 || window > 30)) {
      throw new Error(`SecretsKey: deletionWindowDays must be a whole number from 7 to 30, got ${window}.`);
    }
    this.region = props.region;
    this.key = new KmsKey(this, 'key', {
      description: `${props.name}: SecureString parameters only its reader role may decrypt`,
      enableKeyRotation: true,
      deletionWindowInDays: window,
      policy: JSON.stringify(secretsKeyPolicy(props)),
    });
    this.alias = new KmsAlias(this, 'alias', { name: `alias/${props.name}`, targetKeyId: this.key.keyId });
  }

  /** The reader role's side of the grant: kms:Decrypt on this key, through SSM only. */
  public get decryptStatements(): PolicyStatement[] {
    return [
      {
        Sid: 'DecryptSecrets',
        Action: ['kms:Decrypt'],
        Resource: this.key.arn,
        Condition: { StringEquals: { 'kms:ViaService': `ssm.${this.region}.amazonaws.com` } },
      },
    ];
  }
}
