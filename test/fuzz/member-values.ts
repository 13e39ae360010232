// Valid-looking values for the members whose meaning the model's shapes do not carry: key ids that name fixture keys
// in all four forms, the fixture's ciphertexts, signatures, MACs, public keys, import token, grant tokens, principals
// and policies, encryption contexts and tags; also the hostile look-alikes the mutations use (other accounts and
// Regions, reserved aliases, broken base64).

import fc from 'fast-check';
import type { FixtureKey, FuzzFixture } from './fuzz-fixture.js';

export interface MemberContext {
  fixture: FuzzFixture;
  /** The keys this request may aim at: the Region's stable or scratch copy. */
  keys: FixtureKey[];
  region: string;
  operation: string;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const bytes = (maxLength: number, minLength = 1) => fc.uint8Array({ minLength, maxLength }).map(b64);
const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });

/** One of the fixture keys, named by key id, key ARN, alias name or alias ARN. */
export function fixtureKeyId(keys: FixtureKey[]): fc.Arbitrary<string> {
  return fc.constantFrom(...keys).chain((key) => fc.constantFrom(key.keyId, key.arn, key.aliasName, key.aliasArn));
}

/** Key identifiers that name no usable key: other accounts, Regions and partitions, reserved and broken aliases, junk. */
export function strangeKeyId(ctx: MemberContext): fc.Arbitrary<string> {
  const key = fc.constantFrom(...ctx.keys);
  return fc.oneof(
    fc.uuid(),
    fc.uuid().map((id) => id.toUpperCase()),
    hex(32).map((h) => `mrk-${h}`),
    hex(32),
    fc
      .tuple(key, fc.constantFrom('444455556666', '999999999999', '11112222333', ''), fc.constantFrom('us-east-1', 'us-west-2', 'cn-north-1', 'eu-west-1', ''))
      .map(([k, account, region]) => `arn:aws:kms:${region}:${account}:key/${k.keyId}`),
    fc.tuple(key, fc.constantFrom('aws-cn', 'aws-us-gov', 'aws-iso', 'AWS', '')).map(([k, partition]) => k.arn.replace(/^arn:[^:]*:/, `arn:${partition}:`)),
    key.map((k) => k.arn.replace(':kms:', ':iam:')),
    key.map((k) => k.aliasArn.replace(/:\d{12}:/, ':444455556666:')),
    key.map((k) => `${k.arn}/extra`),
    key.map((k) => ` ${k.keyId}`),
    key.map((k) => `${k.keyId}\u0000`),
    key.map((k) => k.aliasName.toUpperCase()),
    fc.constantFrom('alias/aws/ebs', 'alias/aws/', 'alias/', 'alias', 'alias/does-not-exist', 'ALIAS/x', 'arn:aws:kms:us-east-1:111122223333:key/', 'arn:aws:kms:us-east-1:111122223333:alias/', 'key/', '*', '..', '%00', 'arn', '::::::'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    fc.string({ minLength: 2040, maxLength: 2060 }),
  );
}

export function encryptionContext(ctx: MemberContext): fc.Arbitrary<Record<string, string>> {
  const text = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('aws:x', '__proto__', 'constructor', 'toString', ''));
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(ctx.fixture.encryptionContext) },
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 3, arbitrary: fc.dictionary(text, text, { maxKeys: 6 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ minLength: 3000, maxLength: 9000 }), { minKeys: 1, maxKeys: 3 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 4 }), { minKeys: 60, maxKeys: 300 }) },
  );
}

function tags(): fc.Arbitrary<{ TagKey: string; TagValue: string }[]> {
  const tagKey = fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('fuzz', 'aws:reserved', 'AWS:x', 'a'));
  return fc.array(fc.record({ TagKey: tagKey, TagValue: fc.string({ maxLength: 20 }) }), { maxLength: 4 });
}

const operationsOfGrants = fc.subarray([
  'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo', 'Sign', 'Verify',
  'GetPublicKey', 'CreateGrant', 'RetireGrant', 'DescribeKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
  'GenerateMac', 'VerifyMac', 'DeriveSharedSecret',
], { minLength: 1 });

/** A value for `member` that is meaningful to openkms, or undefined to let the model's shape decide. */
export function memberValue(member: string, ctx: MemberContext): fc.Arbitrary<unknown> | undefined {
  const f = ctx.fixture;
  const keyId = fc.oneof({ weight: 6, arbitrary: fixtureKeyId(ctx.keys) }, { weight: 1, arbitrary: strangeKeyId(ctx) });
  const blobOr = (values: Buffer[], max: number) =>
    values.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...values.map(b64)) }, { weight: 1, arbitrary: bytes(max) }) : bytes(max);
  switch (member) {
    case 'KeyId':
    case 'TargetKeyId':
    case 'SourceKeyId':
    case 'DestinationKeyId':
      return keyId;
    case 'AliasName':
      return fc.oneof(
        fc.constantFrom(...ctx.keys.map((k) => k.aliasName)),
        fc.stringMatching(/^[a-zA-Z0-9/_-]{1,30}$/).map((name) => `alias/fuzz-${name}`),
        fc.constantFrom('alias/aws/fuzz', 'alias/', 'fuzz', 'alias/aws', `alias/${'x'.repeat(250)}`),
      );
    case 'EncryptionContext':
    case 'SourceEncryptionContext':
    case 'DestinationEncryptionContext':
    case 'EncryptionContextSubset':
    case 'EncryptionContextEquals':
      return encryptionContext(ctx);
    case 'CiphertextBlob':
      return blobOr(f.ciphertexts, 600);
    case 'Plaintext':
      return fc.oneof(fc.constant(b64(f.message)), bytes(300));
    case 'Message':
      return fc.oneof({ weight: 3, arbitrary: fc.constant(b64(f.message)) }, { weight: 1, arbitrary: bytes(200) }, { weight: 1, arbitrary: bytes(64, 32) });
    case 'Signature':
      return blobOr(f.signatures.map((s) => s.signature), 600);
    case 'Mac':
      return blobOr(f.macs.map((m) => m.mac), 80);
    case 'PublicKey':
      return blobOr(f.publicKeys, 600);
    case 'ImportToken':
      return blobOr([f.importToken], 2000);
    case 'EncryptedKeyMaterial':
      return blobOr([f.wrappedKeyMaterial], 600);
    case 'Policy':
      return fc.constantFrom(...f.policies);
    case 'PolicyName':
      return fc.oneof({ weight: 4, arbitrary: fc.constant('default') }, { weight: 1, arbitrary: fc.constantFrom('Default', 'other', '_') });
    case 'GrantTokens':
      return fc.array(fc.oneof(fc.constantFrom(...f.grantTokens), fc.string({ minLength: 1, maxLength: 100 })), { maxLength: 3 });
    case 'GrantToken':
      return fc.oneof(fc.constantFrom(...f.scratchGrants.map((g) => g.grantToken), ...f.grantTokens), fc.string({ minLength: 1, maxLength: 300 }));
    case 'GrantId':
      return fc.oneof(fc.constantFrom(...f.scratchGrants.map((g) => g.grantId)), hex(64), fc.string({ minLength: 1, maxLength: 128 }));
    case 'GranteePrincipal':
    case 'RetiringPrincipal':
      return fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...f.principals) },
        { weight: 1, arbitrary: fc.constantFrom('arn:aws:iam::999999999999:user/nobody', 'arn:aws:iam::111122223333:user/nobody', '*', 'kms.amazonaws.com', 'arn:aws:iam:::root', 'arn:aws:sts::111122223333:assumed-role/OtherRole/s') },
      );
    case 'Operations':
      return operationsOfGrants;
    case 'Tags':
      return tags();
    case 'TagKeys':
      return fc.array(fc.oneof(fc.constant('fuzz'), fc.string({ minLength: 1, maxLength: 20 })), { maxLength: 4 });
    case 'ValidTo': {
      // Epoch seconds, from a year ago to two years ahead: inside and outside the 365 days AWS allows.
      const now = Math.floor(Date.now() / 1000);
      return fc.integer({ min: now - 365 * 86_400, max: now + 730 * 86_400 });
    }
    case 'KeyMaterialId':
      return hex(64);
    case 'Description':
    case 'KeyMaterialDescription':
      return fc.string({ maxLength: 40 });
    case 'Marker':
      return fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('1', '0', '-1', 'AAAA', 'bnVsbA==', '99999999999999999999'));
    case 'ReplicaRegion':
    case 'PrimaryRegion':
      return fc.constantFrom('us-west-2', 'eu-west-1', ctx.region, 'cn-northwest-1');
    default:
      return undefined;
  }
}
