// The Region's external key stores (DescribeCustomKeyStores, every page), and Connect with the wait the AWS console
// does: ConnectCustomKeyStore only starts the connection, so the console asks again until the store leaves CONNECTING.

import { ConnectCustomKeyStoreCommand, DescribeCustomKeyStoresCommand, type CustomKeyStoresListEntry, type KMSClient } from '@aws-sdk/client-kms';

export async function listExternalKeyStores(kms: KMSClient): Promise<CustomKeyStoresListEntry[]> {
  const stores: CustomKeyStoresListEntry[] = [];
  let marker: string | undefined;
  do {
    const page = await kms.send(new DescribeCustomKeyStoresCommand(marker ? { Marker: marker } : {}));
    stores.push(...(page.CustomKeyStores ?? []));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return stores.filter((store) => store.CustomKeyStoreType === 'EXTERNAL_KEY_STORE');
}

export async function describeKeyStore(kms: KMSClient, id: string): Promise<CustomKeyStoresListEntry> {
  const out = await kms.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId: id }));
  return out.CustomKeyStores![0]!;
}

/** Connects and resolves with the store once it is no longer CONNECTING (CONNECTED or FAILED, with its error code). */
export async function connectAndWait(kms: KMSClient, id: string, pollMs = 500, limitMs = 60_000): Promise<CustomKeyStoresListEntry> {
  await kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id }));
  const deadline = Date.now() + limitMs;
  for (;;) {
    const store = await describeKeyStore(kms, id);
    if (store.ConnectionState !== 'CONNECTING' || Date.now() > deadline) return store;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
