// The external key store's own errors (docs/layout.md, "Errors"); operations/steps/crypto-errors.ts answers them with
// KMSInvalidStateException and AWS's texts, as it does the XksCallError of a proxy call that failed.

import { KeyStoreError } from '../errors.js';

/** The key's custom key store is not CONNECTED (or is gone). */
export class ExternalKeyStoreNotConnectedError extends KeyStoreError {
  override readonly name = 'ExternalKeyStoreNotConnectedError';
  constructor(readonly keyArn: string) {
    super(`The external key store of ${keyArn} is not connected.`);
  }
}

/** The proxy decrypted, but what it returned is not the inner ciphertext of this key and encryption context. */
export class XksInnerCiphertextError extends KeyStoreError {
  override readonly name = 'XksInnerCiphertextError';
  constructor() {
    super('The inner ciphertext returned by the external key store proxy does not open.');
  }
}
