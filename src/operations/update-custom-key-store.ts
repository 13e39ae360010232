// UpdateCustomKeyStore of an external key store: the name, the credential and the URI path change in any connection
// state; the endpoint, the connectivity and the VPC endpoint service only while DISCONNECTED. New proxy settings are
// health-checked before they are stored, as AWS does (the model's UpdateCustomKeyStore text).

import type { UpdateCustomKeyStoreRequest, UpdateCustomKeyStoreResponse } from '../api/model.generated.js';
import { CustomKeyStoreInvalidStateException } from '../api/errors.js';
import type { CustomKeyStoreRecord } from '../domain/custom-key-store.js';
import type { OperationContext } from './context.js';
import {
  assertConnectivityFits,
  assertNoCloudHsmParameters,
  assertProxyHostName,
  assertUnique,
  authorizeCustomKeyStoreAction,
  findCustomKeyStore,
  healthCheckForSettings,
} from './steps/custom-key-store.js';

export async function updateCustomKeyStore(ctx: OperationContext, input: UpdateCustomKeyStoreRequest): Promise<UpdateCustomKeyStoreResponse> {
  assertNoCloudHsmParameters({ CloudHsmClusterId: input.CloudHsmClusterId, KeyStorePassword: input.KeyStorePassword });
  if (input.XksProxyUriEndpoint !== undefined) assertProxyHostName(input.XksProxyUriEndpoint);
  await authorizeCustomKeyStoreAction(ctx);
  const current = await findCustomKeyStore(ctx, input.CustomKeyStoreId);
  const updated = applyChanges(current, input);
  const proxyChanged = JSON.stringify(updated.xks) !== JSON.stringify(current.xks);
  await assertUnique(ctx.store, ctx, updated);
  if (proxyChanged && updated.xks.connectivity === 'PUBLIC_ENDPOINT') await healthCheckForSettings(ctx, updated);
  await ctx.commit(async (tx) => {
    const fresh = await findCustomKeyStore(ctx, input.CustomKeyStoreId, tx);
    const final = applyChanges(fresh, input);
    await assertUnique(tx, ctx, final);
    await tx.putCustomKeyStore(final);
  });
  return {};
}

/** The store with the request's changes, refused where its connection state does not allow them. */
function applyChanges(current: CustomKeyStoreRecord, input: UpdateCustomKeyStoreRequest): CustomKeyStoreRecord {
  const needsDisconnected = input.XksProxyUriEndpoint !== undefined || input.XksProxyConnectivity !== undefined || input.XksProxyVpcEndpointServiceName !== undefined;
  if (needsDisconnected && current.connectionState !== 'DISCONNECTED') {
    throw new CustomKeyStoreInvalidStateException(
      `Custom key store '${current.customKeyStoreId}' is ${current.connectionState}. To change XksProxyUriEndpoint, XksProxyConnectivity or XksProxyVpcEndpointServiceName, disconnect it first.`,
    );
  }
  const xks = { ...current.xks };
  if (input.XksProxyUriEndpoint !== undefined) xks.uriEndpoint = input.XksProxyUriEndpoint;
  if (input.XksProxyUriPath !== undefined) xks.uriPath = input.XksProxyUriPath;
  if (input.XksProxyAuthenticationCredential !== undefined) {
    xks.accessKeyId = input.XksProxyAuthenticationCredential.AccessKeyId;
    xks.secretAccessKey = input.XksProxyAuthenticationCredential.RawSecretAccessKey;
  }
  if (input.XksProxyConnectivity !== undefined) xks.connectivity = input.XksProxyConnectivity;
  if (input.XksProxyVpcEndpointServiceName !== undefined) xks.vpcEndpointServiceName = input.XksProxyVpcEndpointServiceName;
  if (input.XksProxyVpcEndpointServiceOwner !== undefined) xks.vpcEndpointServiceOwner = input.XksProxyVpcEndpointServiceOwner;
  if (xks.connectivity === 'PUBLIC_ENDPOINT' && input.XksProxyConnectivity === 'PUBLIC_ENDPOINT') {
    // Leaving VPC connectivity drops its service, unless the same request names one (refused below).
    if (input.XksProxyVpcEndpointServiceName === undefined) delete xks.vpcEndpointServiceName;
    if (input.XksProxyVpcEndpointServiceOwner === undefined) delete xks.vpcEndpointServiceOwner;
  }
  if (xks.connectivity === 'VPC_ENDPOINT_SERVICE' && xks.vpcEndpointServiceOwner === undefined) xks.vpcEndpointServiceOwner = current.accountId;
  assertConnectivityFits(xks);
  return { ...current, ...(input.NewCustomKeyStoreName !== undefined ? { name: input.NewCustomKeyStoreName } : {}), xks };
}
