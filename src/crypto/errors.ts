// The crypto layer's own small typed errors. They never carry key material or plaintext;
// operations/ translates them into AWS exceptions (docs/layout.md, "Errors").

/** Base of every error thrown on purpose by src/crypto. */
export abstract class CryptoError extends Error {
  abstract override readonly name: string;
}

/**
 * A ciphertext that cannot be parsed or authenticated: garbage, truncation, unknown version,
 * tag or encryption-context mismatch, RSA padding failure. AWS answers all of these with an
 * InvalidCiphertextException without a message (docs/kms-behaviour.md 3.2), so the text here
 * is for logs only and never says which check failed in a way that helps an oracle.
 */
export class InvalidCiphertextError extends CryptoError {
  override readonly name = 'InvalidCiphertextError';
  constructor(message = 'The ciphertext is invalid.') {
    super(message);
  }
}

/** A MessageType=DIGEST (or EXTERNAL_MU) message whose length is not the algorithm's (3.4). */
export class DigestLengthError extends CryptoError {
  override readonly name = 'DigestLengthError';
  constructor(readonly algorithm: string) {
    // AWS's observed text, kept verbatim so operations/ can pass it on (docs/kms-behaviour.md 3.4).
    super(`Digest is invalid length for algorithm ${algorithm}.`);
  }
}

/** A MessageType the algorithm does not take, e.g. DIGEST with ED25519_SHA_512 (3.4). */
export class UnsupportedMessageTypeError extends CryptoError {
  override readonly name = 'UnsupportedMessageTypeError';
  constructor(
    readonly algorithm: string,
    readonly messageType: string,
  ) {
    super(`MessageType ${messageType} is not supported for algorithm ${algorithm}.`);
  }
}

/** A key spec that cannot do the requested thing, e.g. key agreement with ECC_SECG_P256K1. */
export class UnsupportedKeySpecError extends CryptoError {
  override readonly name = 'UnsupportedKeySpecError';
  constructor(
    readonly keySpec: string,
    detail = 'is not supported',
  ) {
    super(`Key spec ${keySpec} ${detail}.`);
  }
}

/** An algorithm openkms does not implement at all (RSAES_PKCS1_V1_5 wrapping, retired by AWS). */
export class UnsupportedAlgorithmError extends CryptoError {
  override readonly name = 'UnsupportedAlgorithmError';
  constructor(readonly algorithm: string) {
    super(`Algorithm ${algorithm} is not supported.`);
  }
}

/** An algorithm that exists but does not fit the key spec, e.g. ECDSA_SHA_384 with ECC_NIST_P256. */
export class IncompatibleAlgorithmError extends CryptoError {
  override readonly name = 'IncompatibleAlgorithmError';
  constructor(
    readonly algorithm: string,
    readonly keySpec: string,
  ) {
    // Same words as AWS's InvalidKeyUsageException text (docs/kms-behaviour.md 3.1).
    super(`Algorithm ${algorithm} is incompatible with key spec ${keySpec}.`);
  }
}

/** RSA plaintext longer than k − 2·hLen − 2 bytes (docs/kms-behaviour.md 3.3). */
export class PlaintextTooLargeError extends CryptoError {
  override readonly name = 'PlaintextTooLargeError';
  constructor(
    readonly algorithm: string,
    readonly keySpec: string,
    readonly maxBytes: number,
  ) {
    // AWS's observed ValidationException text (docs/kms-behaviour.md 3.3).
    super(`Algorithm ${algorithm} and key spec ${keySpec} cannot encrypt data larger than ${maxBytes} bytes.`);
  }
}

/** A peer public key that is not DER SubjectPublicKeyInfo, or whose point is not on its curve (3.8). */
export class InvalidPublicKeyError extends CryptoError {
  override readonly name = 'InvalidPublicKeyError';
  constructor(message = 'The public key is not a valid DER SubjectPublicKeyInfo.') {
    super(message);
  }
}

/** A well-formed peer public key of another key type or curve than ours (3.8). */
export class IncompatiblePublicKeyError extends CryptoError {
  override readonly name = 'IncompatiblePublicKeyError';
  constructor(readonly keySpec: string) {
    super(`The public key is not on the curve of key spec ${keySpec}.`);
  }
}

/**
 * Key material that does not meet the key spec's requirements (docs/kms-behaviour.md 4.4);
 * operations/ answers IncorrectKeyMaterialException. The reason names sizes and types only.
 */
export class IncorrectKeyMaterialError extends CryptoError {
  override readonly name = 'IncorrectKeyMaterialError';
  constructor(
    readonly keySpec: string,
    readonly reason: string,
  ) {
    super(`Key material does not meet the requirements of key spec ${keySpec}: ${reason}.`);
  }
}

/** Wrapped key material that cannot be unwrapped (docs/kms-behaviour.md 4.4 → InvalidCiphertextException). */
export class KeyMaterialUnwrapError extends CryptoError {
  override readonly name = 'KeyMaterialUnwrapError';
  constructor(readonly wrappingAlgorithm: string) {
    super(`The key material could not be unwrapped with ${wrappingAlgorithm}.`);
  }
}

/**
 * Work refused by a ConcurrencyLimit because its running and waiting slots are all taken; the work has not started.
 * operations/ answers ThrottlingException, as AWS does when a request quota is exceeded.
 */
export class CapacityExceededError extends CryptoError {
  override readonly name = 'CapacityExceededError';
  constructor(readonly work: string) {
    super(`Too many ${work} at once.`);
  }
}
