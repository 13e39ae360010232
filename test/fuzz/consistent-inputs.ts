// Inputs that are right as a whole, not only member by member: a ciphertext with its encryption context, a signature
// with its key, message and algorithm, the import token with the material wrapped under it. Mutating these reaches
// the end of an operation (the cryptography, the commit) rather than its first check.

import fc from 'fast-check';
import type { OperationName } from '../../src/api/model.generated.js';
import type { FixtureKey } from './fuzz-fixture.js';
import type { MemberContext } from './member-values.js';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The Region has no fixture key of the kinds an input needs (cn-north-1 has only symmetric and SM2 keys). */
class NoKeyOfKind extends Error {}

function keyOf(keys: FixtureKey[], ...kinds: string[]): fc.Arbitrary<FixtureKey> {
  const found = keys.filter((k) => kinds.includes(k.kind));
  if (found.length === 0) throw new NoKeyOfKind();
  return fc.constantFrom(...found);
}
const idOf = (key: FixtureKey) => fc.constantFrom(key.keyId, key.arn, key.aliasName, key.aliasArn);

/** Key specs with a key usage they allow (docs/kms-behaviour.md 2.2). */
const keySpecUsage = fc.constantFrom(
  {},
  { KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' },
  { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' },
  { KeySpec: 'RSA_3072', KeyUsage: 'ENCRYPT_DECRYPT' },
  { KeySpec: 'ECC_NIST_P384', KeyUsage: 'SIGN_VERIFY' },
  { KeySpec: 'ECC_NIST_P521', KeyUsage: 'KEY_AGREEMENT' },
  { KeySpec: 'ECC_SECG_P256K1', KeyUsage: 'SIGN_VERIFY' },
  { KeySpec: 'HMAC_512', KeyUsage: 'GENERATE_VERIFY_MAC' },
  { KeySpec: 'ML_DSA_65', KeyUsage: 'SIGN_VERIFY' },
  { KeySpec: 'SM2', KeyUsage: 'SIGN_VERIFY' },
  { Origin: 'EXTERNAL' },
  { KeySpec: 'HMAC_224', KeyUsage: 'GENERATE_VERIFY_MAC', Origin: 'EXTERNAL' },
);

/** A consistent input for `operation`, or undefined where building one from the model is as good. */
export function consistentInput(operation: OperationName, ctx: MemberContext): fc.Arbitrary<Record<string, unknown>> | undefined {
  try {
    return inputFor(operation, ctx);
  } catch (error) {
    if (error instanceof NoKeyOfKind) return undefined;
    throw error;
  }
}

function inputFor(operation: OperationName, ctx: MemberContext): fc.Arbitrary<Record<string, unknown>> | undefined {
  const f = ctx.fixture;
  const keys = ctx.keys;
  const ec = f.encryptionContext;
  const symmetric = () => keyOf(keys, 'symmetric', 'multi-region').chain(idOf);
  switch (operation) {
    case 'Encrypt':
      return fc.record({ KeyId: symmetric(), Plaintext: fc.uint8Array({ minLength: 1, maxLength: 4096 }).map(b64), EncryptionContext: fc.constant(ec) });
    case 'Decrypt':
      return fc.oneof(
        fc.record({ CiphertextBlob: fc.constantFrom(...f.ciphertexts.slice(0, 2).map(b64)), EncryptionContext: fc.constant(ec) }),
        fc.record({ CiphertextBlob: fc.constant(b64(f.ciphertexts[2]!)), KeyId: keyOf(keys, 'rsa-encrypt').chain(idOf), EncryptionAlgorithm: fc.constant('RSAES_OAEP_SHA_256') }),
      );
    case 'ReEncrypt':
      return fc.record({
        CiphertextBlob: fc.constantFrom(...f.ciphertexts.slice(0, 2).map(b64)),
        SourceEncryptionContext: fc.constant(ec),
        DestinationKeyId: symmetric(),
        DestinationEncryptionContext: fc.constant({ other: 'context' }),
      });
    case 'GenerateDataKey':
    case 'GenerateDataKeyWithoutPlaintext':
      return fc.record({ KeyId: symmetric(), KeySpec: fc.constantFrom('AES_256', 'AES_128'), EncryptionContext: fc.constant(ec) });
    case 'GenerateDataKeyPair':
    case 'GenerateDataKeyPairWithoutPlaintext':
      return fc.record({ KeyId: symmetric(), KeyPairSpec: fc.constantFrom('ECC_NIST_P256', 'ECC_NIST_EDWARDS25519', 'RSA_2048', 'ECC_SECG_P256K1') });
    case 'Sign':
      return fc.oneof(
        fc.record({ KeyId: keyOf(keys, 'ecc-sign').chain(idOf), Message: fc.constant(b64(f.message)), SigningAlgorithm: fc.constant('ECDSA_SHA_256') }),
        fc.record({ KeyId: keyOf(keys, 'ml-dsa').chain(idOf), Message: fc.constant(b64(f.message)), SigningAlgorithm: fc.constant('ML_DSA_SHAKE_256') }),
        fc.record({ KeyId: keyOf(keys, 'ecc-sign').chain(idOf), Message: fc.uint8Array({ minLength: 32, maxLength: 32 }).map(b64), MessageType: fc.constant('DIGEST'), SigningAlgorithm: fc.constant('ECDSA_SHA_256') }),
      );
    case 'Verify':
      return fc.constantFrom(...f.signatures).map((s) => ({ KeyId: s.keyId, Message: b64(f.message), Signature: b64(s.signature), SigningAlgorithm: s.signingAlgorithm }));
    case 'GenerateMac':
      return fc.record({ KeyId: keyOf(keys, 'hmac').chain(idOf), Message: fc.uint8Array({ minLength: 1, maxLength: 4096 }).map(b64), MacAlgorithm: fc.constant('HMAC_SHA_256') });
    case 'VerifyMac':
      return fc.constantFrom(...f.macs).map((m) => ({ KeyId: m.keyId, Message: b64(f.message), Mac: b64(m.mac), MacAlgorithm: m.macAlgorithm }));
    case 'DeriveSharedSecret':
      return fc.record({ KeyId: keyOf(keys, 'ecc-agreement').chain(idOf), KeyAgreementAlgorithm: fc.constant('ECDH'), PublicKey: fc.constant(b64(f.publicKeys[0]!)) });
    case 'CreateKey':
      return keySpecUsage.map((spec) => ({ ...spec, Description: 'fuzz' }));
    case 'GetParametersForImport':
      return fc.record({
        KeyId: keyOf(keys, 'external').map((k) => k.keyId),
        WrappingAlgorithm: fc.constantFrom('RSAES_OAEP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_256'),
        WrappingKeySpec: fc.constantFrom('RSA_2048', 'RSA_3072'),
      });
    case 'ImportKeyMaterial':
      // The token was issued for the us-east-1 scratch EXTERNAL key; in other Regions this is a key of another Region.
      return fc.record({
        KeyId: keyOf(keys, 'external').map((k) => k.keyId),
        ImportToken: fc.constant(b64(f.importToken)),
        EncryptedKeyMaterial: fc.constant(b64(f.wrappedKeyMaterial)),
        ExpirationModel: fc.constant('KEY_MATERIAL_DOES_NOT_EXPIRE'),
      });
    case 'RetireGrant':
      return fc.constantFrom(...f.scratchGrants).chain((g) => fc.constantFrom({ GrantToken: g.grantToken }, { KeyId: g.keyArn, GrantId: g.grantId }));
    case 'RevokeGrant':
      return fc.constantFrom(...f.scratchGrants).map((g) => ({ KeyId: g.keyArn, GrantId: g.grantId }));
    case 'CreateGrant':
      return fc.record({
        KeyId: symmetric(),
        GranteePrincipal: fc.constantFrom(...f.principals),
        Operations: fc.constant(['Encrypt', 'Decrypt']),
        Constraints: fc.constant({ EncryptionContextSubset: ec }),
      });
    default:
      return undefined;
  }
}
