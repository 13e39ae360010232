// A custom key store as openkms keeps it, and the DescribeCustomKeyStores entry AWS returns for it. openkms hosts
// external key stores only (CustomKeyStoreType EXTERNAL_KEY_STORE): their keys' second layer is encrypted by an XKS
// proxy (docs/external-key-stores.md).

import type {
  ConnectionErrorCodeType,
  ConnectionStateType,
  CustomKeyStoresListEntry,
  XksProxyConnectivityType,
} from '../api/model.generated.js';
import type { Scope } from './identifiers.js';

/** Where and how the store's XKS proxy is called; the secret never leaves openkms (DescribeCustomKeyStores omits it). */
export interface XksProxySettings {
  connectivity: XksProxyConnectivityType;
  /** `https://` and a host name, no port and no path (AWS's pattern). */
  uriEndpoint: string;
  /** Starts with `/`, ends with `/kms/xks/v1`. */
  uriPath: string;
  accessKeyId: string;
  secretAccessKey: string;
  vpcEndpointServiceName?: string;
  vpcEndpointServiceOwner?: string;
}

export interface CustomKeyStoreRecord extends Scope {
  /** `cks-` and 17 hex digits. */
  customKeyStoreId: string;
  name: string;
  creationDate: Date;
  connectionState: ConnectionStateType;
  /** Only while FAILED. */
  connectionErrorCode?: ConnectionErrorCodeType;
  xks: XksProxySettings;
}

export function customKeyStoreEntry(record: CustomKeyStoreRecord): CustomKeyStoresListEntry {
  const entry: CustomKeyStoresListEntry = {
    CustomKeyStoreId: record.customKeyStoreId,
    CustomKeyStoreName: record.name,
    ConnectionState: record.connectionState,
    CreationDate: record.creationDate,
    CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
    XksProxyConfiguration: {
      Connectivity: record.xks.connectivity,
      AccessKeyId: record.xks.accessKeyId,
      UriEndpoint: record.xks.uriEndpoint,
      UriPath: record.xks.uriPath,
      ...(record.xks.vpcEndpointServiceName !== undefined ? { VpcEndpointServiceName: record.xks.vpcEndpointServiceName } : {}),
      ...(record.xks.vpcEndpointServiceOwner !== undefined ? { VpcEndpointServiceOwner: record.xks.vpcEndpointServiceOwner } : {}),
    },
  };
  if (record.connectionState === 'FAILED' && record.connectionErrorCode) entry.ConnectionErrorCode = record.connectionErrorCode;
  return entry;
}
