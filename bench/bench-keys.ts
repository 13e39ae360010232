// Creates the KMS keys the openkms scenarios use, through @aws-sdk/client-kms as any client would, and one Encrypt of
// the bench payload so the Decrypt scenario has a CiphertextBlob.

import {
  ConnectCustomKeyStoreCommand,
  CreateCustomKeyStoreCommand,
  CreateKeyCommand,
  DescribeCustomKeyStoresCommand,
  EncryptCommand,
  KMSClient,
  type CreateKeyCommandInput,
} from '@aws-sdk/client-kms';
import type { XksBenchProxy } from './servers.js';
import type { BenchKeys } from './scenarios.js';
import { BENCH_REGION, type Credentials } from './signed-request.js';

async function createKey(client: KMSClient, input: CreateKeyCommandInput): Promise<string> {
  const { KeyMetadata } = await client.send(new CreateKeyCommand({ Description: 'openkms bench', ...input }));
  if (!KeyMetadata?.KeyId) throw new Error(`CreateKey ${input.KeySpec ?? ''} returned no KeyId`);
  return KeyMetadata.KeyId;
}

// The SDK's notice about future Node.js versions would only clutter the bench's output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export async function createBenchKeys(url: string, credentials: Credentials, payload: Buffer): Promise<{ keys: BenchKeys; notes: string[] }> {
  const client = new KMSClient({ endpoint: url, region: BENCH_REGION, credentials, maxAttempts: 1 });
  const notes: string[] = [];
  try {
    const keys: BenchKeys = {
      symmetric: await createKey(client, { KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' }),
      eccP256: await createKey(client, { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }),
      rsa2048: await createKey(client, { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }),
      hmac256: await createKey(client, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
      external: await createKey(client, { KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT', Origin: 'EXTERNAL' }),
    };
    try {
      const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: keys.symmetric, Plaintext: payload }));
      if (CiphertextBlob) keys.ciphertextBlob = Buffer.from(CiphertextBlob).toString('base64');
    } catch (error) {
      notes.push(`Encrypt for the Decrypt scenario failed: ${(error as Error).name}: ${(error as Error).message}`);
    }
    return { keys, notes };
  } finally {
    client.destroy();
  }
}

/** An external key store on the bench's XKS proxy, connected, and a KMS key over its `bench-xks-key`. */
export async function createXksBenchKey(url: string, credentials: Credentials, proxy: XksBenchProxy): Promise<string> {
  const client = new KMSClient({ endpoint: url, region: BENCH_REGION, credentials, maxAttempts: 1 });
  try {
    const { CustomKeyStoreId } = await client.send(
      new CreateCustomKeyStoreCommand({
        CustomKeyStoreName: 'openkms bench',
        CustomKeyStoreType: 'EXTERNAL_KEY_STORE',
        XksProxyUriEndpoint: proxy.uriEndpoint,
        XksProxyUriPath: proxy.uriPath,
        XksProxyConnectivity: 'PUBLIC_ENDPOINT',
        XksProxyAuthenticationCredential: { AccessKeyId: proxy.accessKeyId, RawSecretAccessKey: proxy.secretAccessKey },
      }),
    );
    await client.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId }));
    for (let i = 0; i < 200; i++) {
      const state = (await client.send(new DescribeCustomKeyStoresCommand({ CustomKeyStoreId }))).CustomKeyStores?.[0]?.ConnectionState;
      if (state === 'CONNECTED') break;
      if (state !== 'CONNECTING') throw new Error(`the bench's external key store is ${state}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return await createKey(client, { Origin: 'EXTERNAL_KEY_STORE', CustomKeyStoreId, XksKeyId: 'bench-xks-key' });
  } finally {
    client.destroy();
  }
}
