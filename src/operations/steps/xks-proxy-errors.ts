// What AWS KMS answers when a call to an external key store's proxy fails, by operation family: crypto operations
// report everything as KMSInvalidStateException with a text saying what happened; CreateCustomKeyStore and
// UpdateCustomKeyStore use the Xks* exceptions; CreateKey its own (docs/external-key-stores.md, "Errors"). The
// texts are AWS's, from https://docs.aws.amazon.com/kms/latest/developerguide/xks-troubleshooting.html; they live
// here alone so that they can follow AWS's wording.

import {
  CustomKeyStoreInvalidStateException,
  KMSInvalidStateException,
  XksKeyInvalidConfigurationException,
  XksKeyNotFoundException,
  XksProxyIncorrectAuthenticationCredentialException,
  XksProxyInvalidConfigurationException,
  XksProxyInvalidResponseException,
  XksProxyUriUnreachableException,
} from '../../api/errors.js';
import type { KmsError } from '../../api/kms-error.js';
import type { XksFailure } from '../../xks/client/xks-call-error.js';

export const XKS_MESSAGES = {
  cannotInterpret:
    'AWS KMS cannot interpret the response from the external key store proxy. If you see this error repeatedly, report it to your external key store proxy administrator.',
  keyNotEnabled:
    'The external key associated with this KMS key in an external key store is not enabled in the external key manager. Enable the external key in the external key manager and retry the request.',
  proxyRejectedCiphertext:
    'The external key store proxy rejected the request because the specified ciphertext or encryption context is corrupted, missing, or otherwise invalid.',
  innerCiphertextInvalid:
    'The ciphertext that the external key store proxy submitted for decryption, or the encryption context, is corrupted, missing, or otherwise invalid.',
  keyUsage:
    'The external key associated with this KMS key in an external key store does not support the requested operation. Enable the operation on the key in your external key manager, and try the request again.',
  authentication:
    'The external key store proxy rejected the request because it could not authenticate AWS KMS. Verify the XKS proxy authentication credentials for your external key store and update if necessary.',
  accessDenied:
    'The external key store proxy denied access to the operation. Verify that the user and the external key are both authorized for this operation, and try the request again.',
  keyNotFound:
    'The external key associated with this KMS key in an external key store was not found in its external key manager. If the external key ID associated with this KMS key is incorrect, create a new KMS key with the correct external key ID.',
  uriPath:
    'The external key store proxy rejected the request because of an invalid URI path. Verify the URI path for your external key store and update if necessary.',
  unsupported:
    'The external key store proxy rejected the request because it does not support the requested operation. If you see this error repeatedly, report it to your external key store proxy administrator.',
  dependencyTimeout:
    'The external key store proxy did not respond to the request in the time allotted. Retry the request. If you see this error repeatedly, report it to your external key store proxy administrator.',
  throttling:
    'The external key store proxy rejected the request due to a very high request rate. Reduce the frequency of your calls using KMS keys in this external key store.',
  internal:
    'The external key store proxy rejected the request because it cannot communicate with the external key manager. Verify that the external key store proxy configuration is correct and that the external key manager is available.',
  unreachable:
    'AWS KMS cannot communicate with the external key store proxy. This might be a transient network issue. If you see this error repeatedly, verify that your external key store proxy is active and is connected to the network, and that its endpoint URI is correct in your external keystore.',
  tls: 'AWS KMS cannot establish a TLS connection to the external key store proxy. Verify the TLS configuration, including its certificate.',
  timeout:
    'AWS KMS rejected the request because the external key store proxy did not respond in time. Retry the request. If you see this error repeatedly, report it to your external key store proxy administrator.',
  unhealthy:
    'The external key store proxy is in an unhealthy state. If you see this message repeatedly, notify your external key store proxy administrator.',
  notConnected:
    'This KMS key is in a custom key store that is not connected to its external key store proxy. Connect the external key store and try the request again.',
} as const;

/** The text of a failure; the proxy's own errorMessage is never shown. */
export function xksFailureMessage(failure: XksFailure): string {
  switch (failure.kind) {
    case 'unreachable':
      return XKS_MESSAGES.unreachable;
    case 'tls':
      return XKS_MESSAGES.tls;
    case 'timeout':
      return XKS_MESSAGES.timeout;
    case 'invalid-response':
      return XKS_MESSAGES.cannotInterpret;
    case 'unhealthy':
      return XKS_MESSAGES.unhealthy;
    case 'proxy-error':
      return {
        ValidationException: XKS_MESSAGES.cannotInterpret,
        InvalidStateException: XKS_MESSAGES.keyNotEnabled,
        InvalidCiphertextException: XKS_MESSAGES.proxyRejectedCiphertext,
        InvalidKeyUsageException: XKS_MESSAGES.keyUsage,
        AuthenticationFailedException: XKS_MESSAGES.authentication,
        AccessDeniedException: XKS_MESSAGES.accessDenied,
        KeyNotFoundException: XKS_MESSAGES.keyNotFound,
        InvalidUriPathException: XKS_MESSAGES.uriPath,
        ThrottlingException: XKS_MESSAGES.throttling,
        UnsupportedOperationException: XKS_MESSAGES.unsupported,
        DependencyTimeoutException: XKS_MESSAGES.dependencyTimeout,
        InternalException: XKS_MESSAGES.internal,
      }[failure.errorName];
  }
}

/** Encrypt, Decrypt, ReEncrypt, GenerateDataKey*: the model lets them add no exception, so every failure is this one. */
export function xksCryptoError(failure: XksFailure): KmsError {
  return new KMSInvalidStateException(xksFailureMessage(failure));
}

/** The health check of CreateCustomKeyStore and UpdateCustomKeyStore. */
export function xksManagementError(failure: XksFailure): KmsError {
  const message = xksFailureMessage(failure);
  if (failure.kind !== 'proxy-error') {
    return failure.kind === 'invalid-response' ? new XksProxyInvalidResponseException(message) : new XksProxyUriUnreachableException(message);
  }
  switch (failure.errorName) {
    case 'AuthenticationFailedException':
      return new XksProxyIncorrectAuthenticationCredentialException(message);
    case 'InvalidUriPathException':
      return new XksProxyInvalidConfigurationException(message);
    case 'DependencyTimeoutException':
    case 'ThrottlingException':
      return new XksProxyUriUnreachableException(message);
    default:
      return new XksProxyInvalidResponseException(message);
  }
}

/** GetKeyMetadata during CreateKey. */
export function xksCreateKeyError(failure: XksFailure): KmsError {
  const message = xksFailureMessage(failure);
  if (failure.kind === 'proxy-error') {
    if (failure.errorName === 'KeyNotFoundException') return new XksKeyNotFoundException(message);
    if (failure.errorName === 'InvalidStateException' || failure.errorName === 'InvalidKeyUsageException') {
      return new XksKeyInvalidConfigurationException(message);
    }
  }
  return new CustomKeyStoreInvalidStateException(message);
}
