// The keys the fuzzer aims at: in us-east-1 and cn-north-1, one key of every kind (symmetric, RSA encrypt and sign,
// ECC sign and key agreement, Ed25519, ML-DSA, HMAC, multi-Region, EXTERNAL pending import, disabled, pending deletion)
// with aliases and a grant, plus real ciphertexts, signatures, MACs, public keys and an import token, so that mutated
// requests reach the operations' deep paths and not only validation.

import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import {
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateMacCommand,
  GetParametersForImportCommand,
  GetPublicKeyCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  type KMSClient,
  type KeySpec,
  type KeyUsageType,
} from '@aws-sdk/client-kms';
import { arn as principalArn } from '../support/authorization-fixture.js';
import { TEST_ACCOUNT } from '../support/test-server.js';

export const FIXTURE_REGIONS = ['us-east-1', 'cn-north-1'] as const;
export type FixtureRegion = (typeof FIXTURE_REGIONS)[number];

export interface FixtureKey {
  kind: string;
  keyId: string;
  arn: string;
  aliasName: string;
  aliasArn: string;
}

/** Keys of one Region in two copies: `stable` for operations that leave keys usable, `scratch` for those that may not. */
export interface RegionKeys {
  stable: FixtureKey[];
  /** Disabled, scheduled for deletion, locked out by a policy, aliases moved or deleted: the fuzzer's own to break. */
  scratch: FixtureKey[];
}

export interface FuzzFixture {
  account: string;
  keys: Record<FixtureRegion, RegionKeys>;
  /** The encryption context every fixture ciphertext was made with. */
  encryptionContext: Record<string, string>;
  /** The plaintext, message and MAC message behind the ciphertexts, signatures and MACs. */
  message: Buffer;
  ciphertexts: Buffer[];
  /** ECDSA and RSA signatures of `message` with `signingAlgorithm`, by the stable key `keyId`. */
  signatures: { keyId: string; signingAlgorithm: string; signature: Buffer }[];
  macs: { keyId: string; macAlgorithm: string; mac: Buffer }[];
  /** SPKI public keys of key-agreement and other asymmetric keys. */
  publicKeys: Buffer[];
  /** Tokens of the grants on the stable symmetric keys, for `GrantTokens`. */
  grantTokens: string[];
  /** The grants on the scratch symmetric keys, for RetireGrant and RevokeGrant. */
  scratchGrants: { keyArn: string; grantId: string; grantToken: string }[];
  /** An import token for the us-east-1 scratch EXTERNAL key and key material wrapped under it. */
  importToken: Buffer;
  wrappedKeyMaterial: Buffer;
  principals: string[];
  policies: string[];
}

interface KeyKind {
  kind: string;
  keySpec?: KeySpec;
  keyUsage?: KeyUsageType;
  origin?: 'EXTERNAL';
  multiRegion?: boolean;
  then?: 'disable' | 'schedule-deletion';
}

const KINDS: Record<FixtureRegion, KeyKind[]> = {
  'us-east-1': [
    { kind: 'symmetric' },
    { kind: 'rsa-encrypt', keySpec: 'RSA_2048', keyUsage: 'ENCRYPT_DECRYPT' },
    { kind: 'rsa-sign', keySpec: 'RSA_2048', keyUsage: 'SIGN_VERIFY' },
    { kind: 'ecc-sign', keySpec: 'ECC_NIST_P256', keyUsage: 'SIGN_VERIFY' },
    { kind: 'ecc-agreement', keySpec: 'ECC_NIST_P256', keyUsage: 'KEY_AGREEMENT' },
    { kind: 'ed25519', keySpec: 'ECC_NIST_EDWARDS25519', keyUsage: 'SIGN_VERIFY' },
    { kind: 'ml-dsa', keySpec: 'ML_DSA_44', keyUsage: 'SIGN_VERIFY' },
    { kind: 'hmac', keySpec: 'HMAC_256', keyUsage: 'GENERATE_VERIFY_MAC' },
    { kind: 'multi-region', multiRegion: true },
    { kind: 'external', origin: 'EXTERNAL' },
    { kind: 'disabled', then: 'disable' },
    { kind: 'pending-deletion', then: 'schedule-deletion' },
  ],
  'cn-north-1': [
    { kind: 'symmetric' },
    { kind: 'sm2-sign', keySpec: 'SM2', keyUsage: 'SIGN_VERIFY' },
    { kind: 'sm2-encrypt', keySpec: 'SM2', keyUsage: 'ENCRYPT_DECRYPT' },
    { kind: 'sm2-agreement', keySpec: 'SM2', keyUsage: 'KEY_AGREEMENT' },
  ],
};

const ENCRYPTION_CONTEXT = { purpose: 'fuzz', 'aws:fuzz': 'yes' };

async function createKeys(kms: KMSClient, region: FixtureRegion, copy: string): Promise<FixtureKey[]> {
  const partition = region.startsWith('cn-') ? 'aws-cn' : 'aws';
  const keys: FixtureKey[] = [];
  for (const k of KINDS[region]) {
    const created = await kms.send(
      new CreateKeyCommand({
        Description: `fuzz ${copy} ${k.kind}`,
        ...(k.keySpec ? { KeySpec: k.keySpec } : {}),
        ...(k.keyUsage ? { KeyUsage: k.keyUsage } : {}),
        ...(k.origin ? { Origin: k.origin } : {}),
        ...(k.multiRegion ? { MultiRegion: true } : {}),
        Tags: [{ TagKey: 'fuzz', TagValue: copy }],
      }),
    );
    const keyId = created.KeyMetadata!.KeyId!;
    const aliasName = `alias/fuzz-${copy}-${k.kind}`;
    await kms.send(new CreateAliasCommand({ AliasName: aliasName, TargetKeyId: keyId }));
    if (k.then === 'disable') await kms.send(new DisableKeyCommand({ KeyId: keyId }));
    if (k.then === 'schedule-deletion') await kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 30 }));
    keys.push({
      kind: k.kind,
      keyId,
      arn: created.KeyMetadata!.Arn!,
      aliasName,
      aliasArn: `arn:${partition}:kms:${region}:${TEST_ACCOUNT}:${aliasName}`,
    });
  }
  return keys;
}

const byKind = (keys: FixtureKey[], kind: string) => keys.find((k) => k.kind === kind)!;

/** Creates the fixture through `clients` (admin clients, one per fixture Region). */
export async function createFuzzFixture(clients: Record<FixtureRegion, KMSClient>): Promise<FuzzFixture> {
  const keys = {} as Record<FixtureRegion, RegionKeys>;
  for (const region of FIXTURE_REGIONS) {
    keys[region] = { stable: await createKeys(clients[region], region, 'stable'), scratch: await createKeys(clients[region], region, 'scratch') };
  }
  const kms = clients['us-east-1'];
  const stable = keys['us-east-1'].stable;
  const scratch = keys['us-east-1'].scratch;
  const message = Buffer.from('openkms fuzz message');

  const ciphertexts: Buffer[] = [];
  for (const kind of ['symmetric', 'multi-region']) {
    const out = await kms.send(new EncryptCommand({ KeyId: byKind(stable, kind).keyId, Plaintext: message, EncryptionContext: ENCRYPTION_CONTEXT }));
    ciphertexts.push(Buffer.from(out.CiphertextBlob!));
  }
  const rsa = await kms.send(new EncryptCommand({ KeyId: byKind(stable, 'rsa-encrypt').keyId, Plaintext: message, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
  ciphertexts.push(Buffer.from(rsa.CiphertextBlob!));

  const signatures: FuzzFixture['signatures'] = [];
  for (const [kind, signingAlgorithm] of [
    ['ecc-sign', 'ECDSA_SHA_256'],
    ['rsa-sign', 'RSASSA_PSS_SHA_256'],
    ['ed25519', 'ED25519_SHA_512'],
  ] as const) {
    const keyId = byKind(stable, kind).keyId;
    const out = await kms.send(new SignCommand({ KeyId: keyId, Message: message, SigningAlgorithm: signingAlgorithm }));
    signatures.push({ keyId, signingAlgorithm, signature: Buffer.from(out.Signature!) });
  }
  const hmacKey = byKind(stable, 'hmac').keyId;
  const mac = await kms.send(new GenerateMacCommand({ KeyId: hmacKey, Message: message, MacAlgorithm: 'HMAC_SHA_256' }));

  const publicKeys: Buffer[] = [];
  for (const [region, kind] of [
    ['us-east-1', 'ecc-agreement'],
    ['us-east-1', 'rsa-encrypt'],
    ['cn-north-1', 'sm2-agreement'],
  ] as const) {
    const out = await clients[region].send(new GetPublicKeyCommand({ KeyId: byKind(keys[region].scratch, kind).keyId }));
    publicKeys.push(Buffer.from(out.PublicKey!));
  }

  const grant = async (keyId: string) =>
    kms.send(new CreateGrantCommand({ KeyId: keyId, GranteePrincipal: principalArn.alice, RetiringPrincipal: principalArn.admin, Operations: ['Encrypt', 'Decrypt', 'RetireGrant'] }));
  const stableGrant = await grant(byKind(stable, 'symmetric').keyId);
  const scratchKey = byKind(scratch, 'symmetric');
  const scratchGrant = await grant(scratchKey.keyId);

  const parameters = await kms.send(
    new GetParametersForImportCommand({ KeyId: byKind(scratch, 'external').keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
  );
  const wrappingKey = createPublicKey({ key: Buffer.from(parameters.PublicKey!), format: 'der', type: 'spki' });
  const wrappedKeyMaterial = publicEncrypt({ key: wrappingKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, randomBytes(32));

  return {
    account: TEST_ACCOUNT,
    keys,
    encryptionContext: ENCRYPTION_CONTEXT,
    message,
    ciphertexts,
    signatures,
    macs: [{ keyId: hmacKey, macAlgorithm: 'HMAC_SHA_256', mac: Buffer.from(mac.Mac!) }],
    publicKeys,
    grantTokens: [stableGrant.GrantToken!],
    scratchGrants: [{ keyArn: scratchKey.arn, grantId: scratchGrant.GrantId!, grantToken: scratchGrant.GrantToken! }],
    importToken: Buffer.from(parameters.ImportToken!),
    wrappedKeyMaterial,
    principals: Object.values(principalArn),
    policies: policyTexts(),
  };
}

/** Key policies worth sending: the default one, one that locks the caller out, malformed and oversize ones. */
function policyTexts(): string[] {
  const statement = (principal: unknown) => ({ Effect: 'Allow', Principal: principal, Action: 'kms:*', Resource: '*' });
  const document = (...statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
  return [
    document(statement({ AWS: `arn:aws:iam::${TEST_ACCOUNT}:root` })),
    document(statement({ AWS: principalArn.bob })),
    document(statement({ AWS: 'arn:aws:iam::999999999999:root' })),
    document(statement('*')),
    document({ Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*' }),
    document({ ...statement({ AWS: principalArn.admin }), Condition: { StringEquals: { 'kms:EncryptionContext:purpose': 'fuzz' } } }),
    document({ ...statement({ AWS: principalArn.admin }), Condition: { 'ForAllValues:StringLike': { 'kms:EncryptionContextKeys': ['a*'] } } }),
    '{"Version": "2012-10-17", "Statement": []}',
    '{"Statement": {"Effect": "Allow"}}',
    '[]',
    'null',
    '{',
    '{"Version":"2012-10-17","Statement":[' + '{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"},'.repeat(600) + '{}]}',
    // Deep nesting and long lists within the 32 KB a key policy may have (docs/kms-behaviour.md 2.7), so they get parsed.
    document({ ...statement('*'), Condition: { StringEquals: { 'kms:CallerAccount': '@' } } }).replace('"@"', '['.repeat(15_000) + ']'.repeat(15_000)),
    '{"Version":"2012-10-17","Statement":' + '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000) + '}',
    document({ ...statement({ AWS: ['*', ...Array.from({ length: 500 }, (_, i) => `arn:aws:iam::111122223333:user/u${i}`)] }) }),
  ];
}
