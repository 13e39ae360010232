// What each KeySpec can do: allowed key usages, the algorithm lists KeyMetadata shows, and which origins it allows.
// docs/kms-behaviour.md sections 2.2 (KeySpec x KeyUsage), 2.3 (origins) and 2.4 (algorithm lists, in AWS's order).

import type {
  EncryptionAlgorithmSpec,
  KeyAgreementAlgorithmSpec,
  KeySpec,
  KeyUsageType,
  MacAlgorithmSpec,
  SigningAlgorithmSpec,
} from '../api/model.generated.js';

export type KeyFamily = 'symmetric' | 'hmac' | 'rsa' | 'ecc' | 'ed25519' | 'ml-dsa' | 'sm2';

interface KeySpecFacts {
  family: KeyFamily;
  usages: readonly KeyUsageType[];
  signing?: readonly SigningAlgorithmSpec[];
  encryption?: readonly EncryptionAlgorithmSpec[];
  mac?: readonly MacAlgorithmSpec[];
  /** Whether key material can be imported (Origin EXTERNAL), section 2.3. */
  importable: boolean;
}

const RSA_SIGNING: readonly SigningAlgorithmSpec[] = [
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
];
const RSA_ENCRYPTION: readonly EncryptionAlgorithmSpec[] = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];
const RSA: KeySpecFacts = {
  family: 'rsa',
  usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  signing: RSA_SIGNING,
  encryption: RSA_ENCRYPTION,
  importable: true,
};
const nistCurve = (algorithm: SigningAlgorithmSpec): KeySpecFacts => ({
  family: 'ecc',
  usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
  signing: [algorithm],
  importable: true,
});
const hmac = (algorithm: MacAlgorithmSpec): KeySpecFacts => ({
  family: 'hmac',
  usages: ['GENERATE_VERIFY_MAC'],
  mac: [algorithm],
  importable: true,
});
const mlDsa: KeySpecFacts = { family: 'ml-dsa', usages: ['SIGN_VERIFY'], signing: ['ML_DSA_SHAKE_256'], importable: false };

const FACTS: Record<KeySpec, KeySpecFacts> = {
  SYMMETRIC_DEFAULT: { family: 'symmetric', usages: ['ENCRYPT_DECRYPT'], encryption: ['SYMMETRIC_DEFAULT'], importable: true },
  HMAC_224: hmac('HMAC_SHA_224'),
  HMAC_256: hmac('HMAC_SHA_256'),
  HMAC_384: hmac('HMAC_SHA_384'),
  HMAC_512: hmac('HMAC_SHA_512'),
  RSA_2048: RSA,
  RSA_3072: RSA,
  RSA_4096: RSA,
  ECC_NIST_P256: nistCurve('ECDSA_SHA_256'),
  ECC_NIST_P384: nistCurve('ECDSA_SHA_384'),
  ECC_NIST_P521: nistCurve('ECDSA_SHA_512'),
  ECC_SECG_P256K1: { family: 'ecc', usages: ['SIGN_VERIFY'], signing: ['ECDSA_SHA_256'], importable: true },
  // Ed25519 is absent from AWS's list of importable ECC keys (kms-behaviour 2.3): not importable.
  ECC_NIST_EDWARDS25519: {
    family: 'ed25519',
    usages: ['SIGN_VERIFY'],
    signing: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'],
    importable: false,
  },
  ML_DSA_44: mlDsa,
  ML_DSA_65: mlDsa,
  ML_DSA_87: mlDsa,
  SM2: {
    family: 'sm2',
    usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT'],
    signing: ['SM2DSA'],
    encryption: ['SM2PKE'],
    importable: true,
  },
};

export function keyFamily(keySpec: KeySpec): KeyFamily {
  return FACTS[keySpec].family;
}

export function isAsymmetric(keySpec: KeySpec): boolean {
  const family = FACTS[keySpec].family;
  return family !== 'symmetric' && family !== 'hmac';
}

export function allowedKeyUsages(keySpec: KeySpec): readonly KeyUsageType[] {
  return FACTS[keySpec].usages;
}

export function isImportable(keySpec: KeySpec): boolean {
  return FACTS[keySpec].importable;
}

/** The one algorithm list KeyMetadata and GetPublicKey carry for a key of this spec and usage (section 2.4). */
export interface AlgorithmLists {
  EncryptionAlgorithms?: EncryptionAlgorithmSpec[];
  SigningAlgorithms?: SigningAlgorithmSpec[];
  MacAlgorithms?: MacAlgorithmSpec[];
  KeyAgreementAlgorithms?: KeyAgreementAlgorithmSpec[];
}

export function algorithmLists(keySpec: KeySpec, keyUsage: KeyUsageType): AlgorithmLists {
  const facts = FACTS[keySpec];
  switch (keyUsage) {
    case 'ENCRYPT_DECRYPT':
      return { EncryptionAlgorithms: [...(facts.encryption ?? [])] };
    case 'SIGN_VERIFY':
      return { SigningAlgorithms: [...(facts.signing ?? [])] };
    case 'GENERATE_VERIFY_MAC':
      return { MacAlgorithms: [...(facts.mac ?? [])] };
    case 'KEY_AGREEMENT':
      return { KeyAgreementAlgorithms: ['ECDH'] };
  }
}
