// The key stores' own small typed errors. They never carry key material or plaintext; operations/ translates them
// into AWS exceptions (docs/layout.md, "Errors"), beside the crypto errors a key store passes on.

import type { OriginType } from '../api/model.generated.js';

/** Base of every error thrown on purpose by src/keystore. */
export abstract class KeyStoreError extends Error {
  abstract override readonly name: string;
}

/**
 * A usable key without the material it needs: its current material is not present (imported material pending import).
 * The key-state checks come first, so a valid request meets this only while the key's state and material disagree.
 */
export class KeyMaterialMissingError extends KeyStoreError {
  override readonly name = 'KeyMaterialMissingError';
  constructor(readonly keyArn: string) {
    super(`${keyArn} has no current key material.`);
  }
}

/**
 * A key whose key store openkms cannot reach: a custom key store (origin AWS_CLOUDHSM or EXTERNAL_KEY_STORE) with no
 * KeyStore registered under its id. openkms has no custom key stores yet, so every one of them is unknown.
 */
export class KeyStoreNotAvailableError extends KeyStoreError {
  override readonly name = 'KeyStoreNotAvailableError';
  constructor(
    readonly keyArn: string,
    readonly origin: OriginType,
    readonly customKeyStoreId: string | undefined,
  ) {
    super(`The key store of ${keyArn} (origin ${origin}, custom key store ${customKeyStoreId ?? 'none'}) is not available.`);
  }
}
