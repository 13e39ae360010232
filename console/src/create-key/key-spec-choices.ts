// The choices of the Create key wizard's first step, as the AWS console offers them: key usages per key type, key
// specs per key type and usage (SM2 only in the China Regions), and which key specs can hold imported key material.

export type KeyType = 'symmetric' | 'asymmetric';
export type KeyUsage = 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC' | 'KEY_AGREEMENT';

export interface Choice<T extends string = string> {
  value: T;
  label: string;
  description?: string;
}

export const KEY_TYPES: readonly Choice<KeyType>[] = [
  { value: 'symmetric', label: 'Symmetric', description: 'A single key used for encrypting and decrypting data or generating and verifying HMAC codes' },
  { value: 'asymmetric', label: 'Asymmetric', description: 'A public and private key pair used for encrypting and decrypting data, signing and verifying messages, or deriving shared secrets' },
];

const USAGES: Record<KeyUsage, Choice<KeyUsage>> = {
  ENCRYPT_DECRYPT: { value: 'ENCRYPT_DECRYPT', label: 'Encrypt and decrypt', description: 'Use the key only to encrypt and decrypt data.' },
  GENERATE_VERIFY_MAC: { value: 'GENERATE_VERIFY_MAC', label: 'Generate and verify MAC', description: 'Use the key only to generate and verify hash-based message authentication codes (HMAC).' },
  SIGN_VERIFY: { value: 'SIGN_VERIFY', label: 'Sign and verify', description: 'Use the key pair only to sign messages and verify signatures.' },
  KEY_AGREEMENT: { value: 'KEY_AGREEMENT', label: 'Key agreement', description: 'Use the key pair only to derive shared secrets.' },
};

export function usagesFor(keyType: KeyType): Choice<KeyUsage>[] {
  return keyType === 'symmetric' ? [USAGES.ENCRYPT_DECRYPT, USAGES.GENERATE_VERIFY_MAC] : [USAGES.ENCRYPT_DECRYPT, USAGES.SIGN_VERIFY, USAGES.KEY_AGREEMENT];
}

const RSA = ['RSA_2048', 'RSA_3072', 'RSA_4096'];
const NIST = ['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521'];
const DESCRIPTIONS: Record<string, string> = {
  SYMMETRIC_DEFAULT: 'AES-256-GCM',
  HMAC_224: 'HMAC with SHA-224',
  HMAC_256: 'HMAC with SHA-256',
  HMAC_384: 'HMAC with SHA-384',
  HMAC_512: 'HMAC with SHA-512',
  RSA_2048: 'RSA key pair, 2048-bit modulus',
  RSA_3072: 'RSA key pair, 3072-bit modulus',
  RSA_4096: 'RSA key pair, 4096-bit modulus',
  ECC_NIST_P256: 'NIST P-256 (secp256r1)',
  ECC_NIST_P384: 'NIST P-384 (secp384r1)',
  ECC_NIST_P521: 'NIST P-521 (secp521r1)',
  ECC_SECG_P256K1: 'SECG secp256k1, commonly used for cryptocurrencies',
  ECC_NIST_EDWARDS25519: 'Ed25519 (EdDSA)',
  ML_DSA_44: 'ML-DSA-44 (FIPS 204)',
  ML_DSA_65: 'ML-DSA-65 (FIPS 204)',
  ML_DSA_87: 'ML-DSA-87 (FIPS 204)',
  SM2: 'SM2 (China Regions only)',
};

export function keySpecsFor(keyType: KeyType, usage: KeyUsage, region: string): Choice[] {
  const china = region.startsWith('cn-');
  let specs: string[];
  if (keyType === 'symmetric') specs = usage === 'GENERATE_VERIFY_MAC' ? ['HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512'] : ['SYMMETRIC_DEFAULT'];
  else if (usage === 'ENCRYPT_DECRYPT') specs = [...RSA, ...(china ? ['SM2'] : [])];
  else if (usage === 'SIGN_VERIFY') specs = [...RSA, ...NIST, 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519', 'ML_DSA_44', 'ML_DSA_65', 'ML_DSA_87', ...(china ? ['SM2'] : [])];
  else specs = [...NIST, ...(china ? ['SM2'] : [])];
  return specs.map((value) => ({ value, label: value, description: DESCRIPTIONS[value] }));
}

/** The key spec a key type and usage start with. */
export function defaultKeySpec(keyType: KeyType, usage: KeyUsage): string {
  if (keyType === 'symmetric') return usage === 'GENERATE_VERIFY_MAC' ? 'HMAC_256' : 'SYMMETRIC_DEFAULT';
  return usage === 'KEY_AGREEMENT' ? 'ECC_NIST_P256' : 'RSA_2048';
}

/** Imported key material: every key spec but Ed25519 and ML-DSA, as in AWS (the guide's "Requirements for imported key material"). */
export function canImportKeyMaterial(keySpec: string): boolean {
  return keySpec !== 'ECC_NIST_EDWARDS25519' && !keySpec.startsWith('ML_DSA_');
}
