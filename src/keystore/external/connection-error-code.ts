// The ConnectionErrorCode a failed ConnectCustomKeyStore leaves on an external key store, by what its health check met
// (https://docs.aws.amazon.com/kms/latest/developerguide/xks-connect-disconnect.html, docs/external-key-stores.md).

import type { ConnectionErrorCodeType } from '../../api/model.generated.js';
import type { XksFailure } from '../../xks/client/xks-call-error.js';

export function connectionErrorCodeOf(failure: XksFailure): ConnectionErrorCodeType {
  switch (failure.kind) {
    case 'unreachable':
    case 'unhealthy':
      return 'XKS_PROXY_NOT_REACHABLE';
    case 'tls':
      return 'XKS_PROXY_INVALID_TLS_CONFIGURATION';
    case 'timeout':
      return 'XKS_PROXY_TIMED_OUT';
    case 'invalid-response':
      return 'XKS_PROXY_INVALID_RESPONSE';
    case 'proxy-error':
      switch (failure.errorName) {
        case 'AuthenticationFailedException':
          return 'INVALID_CREDENTIALS';
        case 'AccessDeniedException':
          return 'XKS_PROXY_ACCESS_DENIED';
        case 'InvalidUriPathException':
          return 'XKS_PROXY_INVALID_CONFIGURATION';
        case 'DependencyTimeoutException':
        case 'ThrottlingException':
          return 'XKS_PROXY_TIMED_OUT';
        default:
          return 'XKS_PROXY_INVALID_RESPONSE';
      }
  }
}
