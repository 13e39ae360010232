// CreateCustomKeyStore for CustomKeyStoreType EXTERNAL_KEY_STORE: checks the parameters, the limit and uniqueness,
// health-checks the proxy (public endpoint connectivity, as AWS does), then stores the store DISCONNECTED with its
// secret sealed. openkms cannot host CloudHSM key stores: an AWS_CLOUDHSM request is answered as AWS answers a
// cluster it cannot find. docs/external-key-stores.md.

import { randomBytes } from 'node:crypto';
import type { CreateCustomKeyStoreRequest, CreateCustomKeyStoreResponse } from '../api/model.generated.js';
import { CloudHsmClusterNotFoundException, LimitExceededException, ValidationException } from '../api/errors.js';
import type { CustomKeyStoreRecord } from '../domain/custom-key-store.js';
import type { StoreReader } from '../storage/repository.js';
import type { OperationContext } from './context.js';
import {
  MAX_CUSTOM_KEY_STORES,
  assertConnectivityFits,
  assertNoCloudHsmParameters,
  assertProxyHostName,
  assertUnique,
  authorizeCustomKeyStoreAction,
  healthCheckForSettings,
} from './steps/custom-key-store.js';

export async function createCustomKeyStore(ctx: OperationContext, input: CreateCustomKeyStoreRequest): Promise<CreateCustomKeyStoreResponse> {
  if ((input.CustomKeyStoreType ?? 'AWS_CLOUDHSM') === 'AWS_CLOUDHSM') return refuseCloudHsm(ctx, input);
  assertNoCloudHsmParameters(input);
  const endpoint = required(input.XksProxyUriEndpoint, 'XksProxyUriEndpoint');
  const path = required(input.XksProxyUriPath, 'XksProxyUriPath');
  const credential = required(input.XksProxyAuthenticationCredential, 'XksProxyAuthenticationCredential');
  const connectivity = required(input.XksProxyConnectivity, 'XksProxyConnectivity');
  assertProxyHostName(endpoint);
  const record: CustomKeyStoreRecord = {
    accountId: ctx.accountId,
    region: ctx.region,
    customKeyStoreId: `cks-${randomBytes(9).toString('hex').slice(0, 17)}`,
    name: input.CustomKeyStoreName,
    creationDate: ctx.now,
    connectionState: 'DISCONNECTED',
    xks: { connectivity, uriEndpoint: endpoint, uriPath: path, accessKeyId: credential.AccessKeyId, secretAccessKey: credential.RawSecretAccessKey },
  };
  if (input.XksProxyVpcEndpointServiceName !== undefined) record.xks.vpcEndpointServiceName = input.XksProxyVpcEndpointServiceName;
  if (input.XksProxyVpcEndpointServiceOwner !== undefined) record.xks.vpcEndpointServiceOwner = input.XksProxyVpcEndpointServiceOwner;
  else if (connectivity === 'VPC_ENDPOINT_SERVICE') record.xks.vpcEndpointServiceOwner = ctx.accountId;
  assertConnectivityFits({ ...record.xks, vpcEndpointServiceOwner: input.XksProxyVpcEndpointServiceOwner });
  await authorizeCustomKeyStoreAction(ctx);

  await assertRoomFor(ctx, record);
  if (connectivity === 'PUBLIC_ENDPOINT') await healthCheckForSettings(ctx, record);
  // Decided again inside the transaction: another Create may have taken the name or the URI meanwhile.
  await ctx.commit(async (tx) => {
    await assertRoomFor(ctx, record, tx);
    await tx.putCustomKeyStore(record);
  });
  return { CustomKeyStoreId: record.customKeyStoreId };
}

async function assertRoomFor(ctx: OperationContext, record: CustomKeyStoreRecord, reader: StoreReader = ctx.store): Promise<void> {
  if ((await reader.listCustomKeyStores(ctx)).length >= MAX_CUSTOM_KEY_STORES) {
    throw new LimitExceededException(`You have reached the limit of ${MAX_CUSTOM_KEY_STORES} custom key stores in this account and Region.`);
  }
  await assertUnique(reader, ctx, record);
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new ValidationException(`${name} is required for custom key stores with a CustomKeyStoreType of EXTERNAL_KEY_STORE.`);
  return value;
}

/** No CloudHSM cluster exists for openkms: the answer AWS gives for a cluster id it cannot find. */
async function refuseCloudHsm(ctx: OperationContext, input: CreateCustomKeyStoreRequest): Promise<never> {
  for (const name of ['CloudHsmClusterId', 'TrustAnchorCertificate', 'KeyStorePassword'] as const) {
    if (input[name] === undefined) throw new ValidationException(`${name} is required for custom key stores with a CustomKeyStoreType of AWS_CLOUDHSM.`);
  }
  await authorizeCustomKeyStoreAction(ctx);
  throw new CloudHsmClusterNotFoundException(`CloudHSM cluster '${input.CloudHsmClusterId}' does not exist. openkms hosts external key stores only.`);
}
