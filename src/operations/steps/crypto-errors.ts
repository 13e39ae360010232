// Translates the typed errors of the crypto layer and of the key stores into the AWS exceptions the operations answer
// with (neither throws AWS errors itself; docs/layout.md, "Errors").

import {
  CustomKeyStoreNotFoundException,
  IncorrectKeyMaterialException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  KMSInvalidStateException,
  ThrottlingException,
  UnsupportedOperationException,
  ValidationException,
} from '../../api/errors.js';
import {
  CapacityExceededError,
  CryptoError,
  DigestLengthError,
  IncompatibleAlgorithmError,
  IncompatiblePublicKeyError,
  IncorrectKeyMaterialError,
  InvalidCiphertextError,
  InvalidPublicKeyError,
  KeyMaterialUnwrapError,
  PlaintextTooLargeError,
  UnsupportedKeySpecError,
  UnsupportedMessageTypeError,
} from '../../crypto/errors.js';
import { KeyMaterialMissingError, KeyStoreNotAvailableError } from '../../keystore/errors.js';
import { ExternalKeyStoreNotConnectedError, XksInnerCiphertextError } from '../../keystore/external/errors.js';
import { XksCallError } from '../../xks/client/xks-call-error.js';
import { XKS_MESSAGES, xksCryptoError } from './xks-proxy-errors.js';

export function awsErrorOf(error: unknown): unknown {
  // The key-state checks ran first: a usable key without its current material is one whose import is incomplete.
  if (error instanceof KeyMaterialMissingError) return new KMSInvalidStateException(`${error.keyArn} is pending import.`);
  // A key whose custom key store has no KeyStore in this server: its id is unknown here (docs 2.3).
  if (error instanceof KeyStoreNotAvailableError) return customKeyStoreNotFound(error.customKeyStoreId);
  // External key stores: every failure of a crypto call is KMSInvalidStateException, its text says which.
  if (error instanceof XksCallError) return xksCryptoError(error.failure);
  if (error instanceof ExternalKeyStoreNotConnectedError) return new KMSInvalidStateException(XKS_MESSAGES.notConnected);
  if (error instanceof XksInnerCiphertextError) return new KMSInvalidStateException(XKS_MESSAGES.innerCiphertextInvalid);
  if (!(error instanceof CryptoError)) return error;
  // AWS sends these without a message (docs/kms-behaviour.md 3.2, 3.8).
  if (error instanceof InvalidCiphertextError || error instanceof KeyMaterialUnwrapError) return new InvalidCiphertextException();
  if (error instanceof InvalidPublicKeyError || error instanceof IncompatiblePublicKeyError) return new ValidationException();
  if (error instanceof IncompatibleAlgorithmError) return new InvalidKeyUsageException(error.message);
  if (error instanceof DigestLengthError || error instanceof UnsupportedMessageTypeError || error instanceof PlaintextTooLargeError) {
    return new ValidationException(error.message);
  }
  if (error instanceof UnsupportedKeySpecError) return new UnsupportedOperationException(error.message);
  if (error instanceof IncorrectKeyMaterialError) return new IncorrectKeyMaterialException(error.message);
  // AWS's answer to a request beyond its capacity: HTTP 400, "Rate exceeded" (docs/kms-behaviour.md 8.3).
  if (error instanceof CapacityExceededError) return new ThrottlingException('Rate exceeded');
  return error;
}

/** The answer to a custom key store id openkms does not know: CreateKey's, and a key store's not registered (docs 2.3). */
export function customKeyStoreNotFound(customKeyStoreId: string | undefined): CustomKeyStoreNotFoundException {
  return new CustomKeyStoreNotFoundException(`Custom key store '${customKeyStoreId ?? ''}' does not exist.`);
}

/** Runs crypto work, answering its failures with AWS exceptions. */
export function withCryptoErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw awsErrorOf(error);
  }
}

/** The same for crypto work that completes later (signing on the thread pool). */
export async function withCryptoErrorsAsync<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw awsErrorOf(error);
  }
}
