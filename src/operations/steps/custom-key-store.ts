// What the six custom key store operations share: finding a store of the caller's account and Region, authorizing
// (IAM policies only: a custom key store is no key, docs/kms-behaviour.md 7.1), the uniqueness rules, the health check
// that must pass before new proxy settings are stored, and the server's XKS side. docs/external-key-stores.md.

import {
  CustomKeyStoreNameInUseException,
  CustomKeyStoreNotFoundException,
  UnsupportedOperationException,
  ValidationException,
  XksProxyUriInUseException,
  XksProxyVpcEndpointServiceInUseException,
} from '../../api/errors.js';
import type { CustomKeyStoreRecord, XksProxySettings } from '../../domain/custom-key-store.js';
import type { XksConnections } from '../../keystore/external/xks-connections.js';
import type { StoreReader } from '../../storage/repository.js';
import { XksCallError } from '../../xks/client/xks-call-error.js';
import type { OperationContext } from '../context.js';
import { xksManagementError } from './xks-proxy-errors.js';

/** AWS's limit: CloudHSM and external key stores together, per account and Region. */
export const MAX_CUSTOM_KEY_STORES = 10;

export async function authorizeCustomKeyStoreAction(ctx: OperationContext): Promise<void> {
  await ctx.authorizer.authorize(ctx, { action: `kms:${ctx.operation}`, resource: '*' });
}

export function customKeyStoreNotFound(id: string): CustomKeyStoreNotFoundException {
  return new CustomKeyStoreNotFoundException(`Custom key store '${id}' does not exist.`);
}

export async function findCustomKeyStore(ctx: OperationContext, id: string, reader: StoreReader = ctx.store): Promise<CustomKeyStoreRecord> {
  const record = await reader.getCustomKeyStore(ctx, id);
  if (!record) throw customKeyStoreNotFound(id);
  return record;
}

/** The server's XKS side; a server built without one (unit tests of other parts) hosts no external key stores. */
export function xksConnections(ctx: OperationContext): XksConnections {
  const connections = ctx.keyStores.xks;
  if (!connections) throw new UnsupportedOperationException('External key stores are not available on this server.');
  return connections;
}

/**
 * The model's pattern lets through a dotted quad; AWS wants a host name there ("an IP address is not valid", the
 * XksProxyUriEndpoint requirements of https://docs.aws.amazon.com/kms/latest/developerguide/create-xks-keystore.html).
 */
export function assertProxyHostName(uriEndpoint: string): void {
  const host = uriEndpoint.slice('https://'.length);
  if (/^[0-9.]+$/.test(host)) {
    throw new ValidationException(`XksProxyUriEndpoint ${uriEndpoint} is not valid: it must name a host, not an IP address.`);
  }
}

/** Name, endpoint + path and VPC endpoint service are unique in the account and Region (`self` excepted). */
export async function assertUnique(reader: StoreReader, ctx: OperationContext, candidate: CustomKeyStoreRecord): Promise<void> {
  const others = (await reader.listCustomKeyStores(ctx)).filter((other) => other.customKeyStoreId !== candidate.customKeyStoreId);
  if (others.some((other) => other.name === candidate.name)) {
    throw new CustomKeyStoreNameInUseException(`A custom key store named '${candidate.name}' already exists in this account and Region.`);
  }
  const uri = `${candidate.xks.uriEndpoint}${candidate.xks.uriPath}`;
  if (others.some((other) => `${other.xks.uriEndpoint}${other.xks.uriPath}` === uri)) {
    throw new XksProxyUriInUseException(`The proxy URI ${uri} is already used by another external key store in this account and Region.`);
  }
  const service = candidate.xks.vpcEndpointServiceName;
  if (service !== undefined && others.some((other) => other.xks.vpcEndpointServiceName === service)) {
    throw new XksProxyVpcEndpointServiceInUseException(`The VPC endpoint service ${service} is already used by another external key store.`);
  }
}

/** VPC_ENDPOINT_SERVICE needs a service name; PUBLIC_ENDPOINT takes none (the model's XksProxyConnectivity text). */
export function assertConnectivityFits(settings: Pick<XksProxySettings, 'connectivity' | 'vpcEndpointServiceName' | 'vpcEndpointServiceOwner'>): void {
  if (settings.connectivity === 'VPC_ENDPOINT_SERVICE' && settings.vpcEndpointServiceName === undefined) {
    throw new ValidationException('XksProxyVpcEndpointServiceName is required when XksProxyConnectivity is VPC_ENDPOINT_SERVICE.');
  }
  if (settings.connectivity === 'PUBLIC_ENDPOINT' && (settings.vpcEndpointServiceName !== undefined || settings.vpcEndpointServiceOwner !== undefined)) {
    throw new ValidationException('XksProxyVpcEndpointServiceName and XksProxyVpcEndpointServiceOwner are valid only when XksProxyConnectivity is VPC_ENDPOINT_SERVICE.');
  }
}

/** The health check of new proxy settings, answered with the Xks* exception of a failure. */
export async function healthCheckForSettings(ctx: OperationContext, candidate: CustomKeyStoreRecord): Promise<void> {
  try {
    await xksConnections(ctx).healthCheck(candidate, ctx.operation, ctx.requestId);
  } catch (error) {
    if (error instanceof XksCallError) throw xksManagementError(error.failure);
    throw error;
  }
}

/** Refuses the CloudHSM members on an external key store, and the reverse. */
export function assertNoCloudHsmParameters(input: { CloudHsmClusterId?: string; TrustAnchorCertificate?: string; KeyStorePassword?: string }): void {
  for (const [name, value] of Object.entries({ CloudHsmClusterId: input.CloudHsmClusterId, TrustAnchorCertificate: input.TrustAnchorCertificate, KeyStorePassword: input.KeyStorePassword })) {
    if (value !== undefined) throw new ValidationException(`${name} is valid only for custom key stores with a CustomKeyStoreType of AWS_CLOUDHSM.`);
  }
}
