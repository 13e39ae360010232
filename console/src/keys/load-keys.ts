// Reads what the Customer managed keys table shows: every key of the Region (ListKeys, page by page), each key's
// metadata (DescribeKey) and the aliases that point at it (ListAliases), as the AWS console does.

import { DescribeKeyCommand, ListAliasesCommand, ListKeysCommand, type AliasListEntry, type KeyMetadata, type KMSClient } from '@aws-sdk/client-kms';

export interface KeyRow {
  metadata: KeyMetadata;
  aliases: string[];
}

export async function listAllAliases(kms: KMSClient, keyId?: string): Promise<AliasListEntry[]> {
  const aliases: AliasListEntry[] = [];
  let marker: string | undefined;
  do {
    const page = await kms.send(new ListAliasesCommand({ ...(keyId ? { KeyId: keyId } : {}), ...(marker ? { Marker: marker } : {}), Limit: 100 }));
    aliases.push(...(page.Aliases ?? []));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return aliases;
}

/** Runs `work` on every item, a few at a time, keeping the order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  });
  await Promise.all(runners);
  return results;
}

export async function loadCustomerManagedKeys(kms: KMSClient): Promise<KeyRow[]> {
  const keyIds: string[] = [];
  let marker: string | undefined;
  do {
    const page = await kms.send(new ListKeysCommand({ Limit: 1000, ...(marker ? { Marker: marker } : {}) }));
    keyIds.push(...(page.Keys ?? []).map((key) => key.KeyId!).filter(Boolean));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  const [aliases, metadata] = await Promise.all([
    listAllAliases(kms),
    mapLimited(keyIds, 6, async (KeyId) => (await kms.send(new DescribeKeyCommand({ KeyId }))).KeyMetadata!),
  ]);
  const aliasesOf = new Map<string, string[]>();
  for (const alias of aliases) {
    if (!alias.TargetKeyId || !alias.AliasName) continue;
    aliasesOf.set(alias.TargetKeyId, [...(aliasesOf.get(alias.TargetKeyId) ?? []), alias.AliasName]);
  }
  return metadata
    .filter((key) => key.KeyManager !== 'AWS')
    .map((key) => ({ metadata: key, aliases: (aliasesOf.get(key.KeyId!) ?? []).sort() }))
    .sort((a, b) => (b.metadata.CreationDate?.getTime() ?? 0) - (a.metadata.CreationDate?.getTime() ?? 0));
}
