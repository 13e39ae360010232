// `openkms serve --seed FILE`: keys with fixed ids (and aliases, tags, policies, known key material) declared in a JSON
// or YAML file, applied at every start in one transaction. A key that exists with other key material stops the start.

import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { KeySpec, KeyUsageType, OriginType } from '../api/model.generated.js';
import { KmsError } from '../api/kms-error.js';
import type { KeyPairGenerator } from '../crypto/key-pair-generator.js';
import { assertCustomerAliasName } from '../domain/alias-name.js';
import { isKeyId, keyArn, type Scope } from '../domain/identifiers.js';
import { assertKeyPolicyText } from '../domain/key-policy-text.js';
import { allowedKeyUsages, isImportable } from '../domain/key-spec.js';
import { assertAvailableInRegion } from '../domain/region-availability.js';
import { newKmsKey, type KmsKey, type Tag } from '../domain/kms-key.js';
import { assertValidTagRequest } from '../domain/tags.js';
import { keyMaterialIdOf } from '../keystore/key-material-id.js';
import { storeImportedMaterial } from '../operations/steps/store-imported-material.js';
import type { Store, StoreWriter } from '../storage/repository.js';
import { seedKeyMaterial } from './seed-key-material.js';

export interface SeedKey extends Scope {
  keyId: string;
  keySpec: KeySpec;
  keyUsage: KeyUsageType;
  origin: 'AWS_KMS' | 'EXTERNAL';
  description?: string;
  tags?: Tag[];
  policy?: string;
  aliases: string[];
  /** Decoded and validated; imported (EXTERNAL) or current (AWS_KMS) material. */
  material?: Buffer;
}

export interface SeedResult {
  created: string[];
  updated: string[];
  unchanged: string[];
}

const KEY_FIELDS = new Set(['keyId', 'accountId', 'region', 'keySpec', 'keyUsage', 'origin', 'description', 'tags', 'policy', 'aliases', 'keyMaterial']);
const DEFAULT_REGION = 'us-east-1';

/**
 * Reads and applies a seed file; throws an Error naming the file and the key at fault. Key pairs are made through the
 * server's `keyPairs`, one at a time and before the server listens, so they always fit its limits.
 */
export async function applySeedFile(
  store: Store,
  path: string,
  defaults: { accountId: string; now: Date; keyPairs: KeyPairGenerator },
): Promise<SeedResult> {
  const keys = parseSeed(readFileSync(path, 'utf8'), defaults.accountId, path);
  try {
    return await applySeed(store, keys, defaults.now, defaults.keyPairs);
  } finally {
    for (const key of keys) key.material?.fill(0);
  }
}

/** JSON or YAML (JSON is YAML): `{ region?, accountId?, keys: [ { keyId, keySpec?, keyUsage?, origin?, ... } ] }`. */
export function parseSeed(text: string, defaultAccountId: string, source = 'seed'): SeedKey[] {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON or YAML: ${(error as Error).message}`);
  }
  if (!isObject(document) || !Array.isArray(document.keys)) throw new Error(`${source}: expected an object with a "keys" list`);
  const region = optionalString(document.region, `${source}: region`) ?? DEFAULT_REGION;
  const accountId = optionalString(document.accountId, `${source}: accountId`) ?? defaultAccountId;
  const seen = new Set<string>();
  return document.keys.map((entry: unknown, index: number) => {
    const where = `${source}: keys[${index}]${isObject(entry) && typeof entry.keyId === 'string' ? ` (${entry.keyId})` : ''}`;
    try {
      const key = parseKey(entry, { accountId, region });
      const identity = `${key.accountId}/${key.region}/${key.keyId}`;
      if (seen.has(identity)) throw new Error('the key is declared twice');
      seen.add(identity);
      return key;
    } catch (error) {
      throw new Error(`${where}: ${(error as Error).message}`);
    }
  });
}

function parseKey(entry: unknown, defaults: Scope): SeedKey {
  if (!isObject(entry)) throw new Error('expected an object');
  for (const field of Object.keys(entry)) if (!KEY_FIELDS.has(field)) throw new Error(`unknown field "${field}"`);
  const keyId = optionalString(entry.keyId, 'keyId');
  if (!keyId || !isKeyId(keyId)) throw new Error('keyId must be a lowercase UUID or mrk- followed by 32 hex digits');
  const accountId = optionalString(entry.accountId, 'accountId') ?? defaults.accountId;
  if (!/^\d{12}$/.test(accountId)) throw new Error('accountId must be 12 digits');
  const keySpec = (optionalString(entry.keySpec, 'keySpec') ?? 'SYMMETRIC_DEFAULT') as KeySpec;
  let usages: readonly KeyUsageType[];
  try {
    usages = allowedKeyUsages(keySpec);
  } catch {
    throw new Error(`unknown keySpec "${keySpec}"`);
  }
  const keyUsage = (optionalString(entry.keyUsage, 'keyUsage') ?? (keySpec === 'SYMMETRIC_DEFAULT' ? 'ENCRYPT_DECRYPT' : '')) as KeyUsageType;
  if (!usages.includes(keyUsage)) throw new Error(`keyUsage must be one of ${usages.join(', ')} for ${keySpec}`);
  const origin = (optionalString(entry.origin, 'origin') ?? 'AWS_KMS') as OriginType;
  if (origin !== 'AWS_KMS' && origin !== 'EXTERNAL') throw new Error('origin must be AWS_KMS or EXTERNAL');
  if (origin === 'EXTERNAL' && !isImportable(keySpec)) throw new Error(`${keySpec} key material cannot be imported (origin EXTERNAL)`);
  const key: SeedKey = { keyId, accountId, region: optionalString(entry.region, 'region') ?? defaults.region, keySpec, keyUsage, origin, aliases: [] };
  // The same Region rule as CreateKey: SM2 keys only in the China Regions.
  kmsCheck(() => assertAvailableInRegion(key.region, 'KeySpec', keySpec));
  const description = optionalString(entry.description, 'description');
  if (description !== undefined) key.description = description;
  if (entry.tags !== undefined) key.tags = parseTags(entry.tags);
  if (entry.policy !== undefined) {
    key.policy = typeof entry.policy === 'string' ? entry.policy : JSON.stringify(entry.policy, null, 2);
    kmsCheck(() => assertKeyPolicyText(key.policy!));
  }
  if (entry.aliases !== undefined) {
    if (!Array.isArray(entry.aliases) || entry.aliases.some((alias) => typeof alias !== 'string')) throw new Error('aliases must be a list of alias names');
    key.aliases = entry.aliases as string[];
    for (const alias of key.aliases) kmsCheck(() => assertCustomerAliasName(alias));
  }
  const material = optionalString(entry.keyMaterial, 'keyMaterial');
  if (material !== undefined) key.material = seedKeyMaterial(keySpec, material);
  return key;
}

/** `{team: payments}` or `[{TagKey, TagValue}]`. */
function parseTags(value: unknown): Tag[] {
  let tags: Tag[];
  if (Array.isArray(value)) {
    tags = value.map((tag) => {
      if (!isObject(tag) || typeof tag.TagKey !== 'string' || typeof tag.TagValue !== 'string') throw new Error('tags entries need TagKey and TagValue strings');
      return { TagKey: tag.TagKey, TagValue: tag.TagValue };
    });
  } else if (isObject(value)) {
    tags = Object.entries(value).map(([TagKey, TagValue]) => ({ TagKey, TagValue: String(TagValue) }));
  } else {
    throw new Error('tags must be a map or a list of {TagKey, TagValue}');
  }
  kmsCheck(() => assertValidTagRequest(tags));
  return tags;
}

/** Creates what is missing and brings descriptions, tags, policies and aliases in line; material is only ever checked. */
async function applySeed(store: Store, keys: SeedKey[], now: Date, keyPairs: KeyPairGenerator): Promise<SeedResult> {
  const result: SeedResult = { created: [], updated: [], unchanged: [] };
  // Generating material (RSA takes a while) happens before the transaction, for new AWS_KMS keys given none.
  const generated = new Map<SeedKey, Buffer>();
  for (const key of keys) {
    if (!key.material && key.origin === 'AWS_KMS' && !(await store.getKey(key, key.keyId))) generated.set(key, await keyPairs.keyMaterial(key.keySpec));
  }
  try {
    await store.write(async (tx) => {
      for (const key of keys) {
        const existing = await tx.getKey(key, key.keyId);
        const outcome = existing ? await reconcileKey(tx, existing, key, now) : await createSeedKey(tx, key, generated.get(key), now);
        const aliasesChanged = await applyAliases(tx, key, now);
        const arn = keyArn(key, key.keyId);
        if (outcome === 'created') result.created.push(arn);
        else if (outcome === 'updated' || aliasesChanged) result.updated.push(arn);
        else result.unchanged.push(arn);
      }
    });
  } finally {
    for (const material of generated.values()) material.fill(0);
  }
  return result;
}

async function createSeedKey(tx: StoreWriter, seed: SeedKey, generated: Buffer | undefined, now: Date): Promise<'created'> {
  const key = newKmsKey({
    accountId: seed.accountId,
    region: seed.region,
    keyId: seed.keyId,
    creationDate: now,
    keySpec: seed.keySpec,
    keyUsage: seed.keyUsage,
    origin: seed.origin,
    description: seed.description,
    policy: seed.policy,
    tags: seed.tags,
  });
  const material = seed.material ?? generated;
  if (material) await putMaterial(tx, key, material, now);
  await tx.putKey(key);
  return 'created';
}

/** Material of a new key: the current material of an AWS_KMS key, or imported material that does not expire. */
async function putMaterial(tx: StoreWriter, key: KmsKey, material: Buffer, now: Date): Promise<void> {
  const keyMaterialId = keyMaterialIdOf(key.keyId, material);
  if (key.origin === 'EXTERNAL') {
    await storeImportedMaterial(tx, key, { keyMaterialId, material, expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE', now });
    return;
  }
  await tx.putKeyMaterial(key, key.keyId, { keyMaterialId, material, state: 'CURRENT', createdAt: now });
  key.currentKeyMaterialId = keyMaterialId;
}

/** An existing key: what cannot change must match; deleted or expired imported material of the same bytes is restored. */
async function reconcileKey(tx: StoreWriter, key: KmsKey, seed: SeedKey, now: Date): Promise<'updated' | 'unchanged'> {
  for (const [name, stored, declared] of [
    ['KeySpec', key.keySpec, seed.keySpec],
    ['KeyUsage', key.keyUsage, seed.keyUsage],
    ['Origin', key.origin, seed.origin],
  ] as const) {
    if (stored !== declared) throw new Error(`seed: key ${key.arn} exists with ${name} ${stored}, but the seed declares ${declared}`);
  }
  let changed = false;
  if (seed.material) changed = await reconcileMaterial(tx, key, seed.material, now);
  if (seed.description !== undefined && seed.description !== key.description) {
    key.description = seed.description;
    changed = true;
  }
  if (seed.tags !== undefined && JSON.stringify(seed.tags) !== JSON.stringify(key.tags)) {
    key.tags = seed.tags;
    changed = true;
  }
  if (seed.policy !== undefined && seed.policy !== key.policy) {
    key.policy = seed.policy;
    changed = true;
  }
  if (changed) await tx.putKey(key);
  return changed ? 'updated' : 'unchanged';
}

async function reconcileMaterial(tx: StoreWriter, key: KmsKey, material: Buffer, now: Date): Promise<boolean> {
  const keyMaterialId = keyMaterialIdOf(key.keyId, material);
  const materials = await tx.getKeyMaterials(key, key.keyId);
  const known = materials.find((record) => record.keyMaterialId === keyMaterialId);
  for (const record of materials) record.material?.fill(0);
  if (materials.length > 0 && !known) {
    throw new Error(`seed: key ${key.arn} exists with different key material than the seed declares; refusing to start`);
  }
  if (known?.material !== undefined || key.origin !== 'EXTERNAL') return false;
  // Never imported, or deleted or expired since: import the seed's bytes again (same material, same id).
  const importType = materials.length > 0 ? 'EXISTING_KEY_MATERIAL' : 'NEW_KEY_MATERIAL';
  await storeImportedMaterial(tx, key, {
    keyMaterialId,
    material,
    expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    ...(key.keySpec === 'SYMMETRIC_DEFAULT' ? { importType } : {}),
    now,
  });
  return true;
}

/** Creates missing aliases; an alias that points to another key stops the start. Returns whether any was created. */
async function applyAliases(tx: StoreWriter, key: SeedKey, now: Date): Promise<boolean> {
  let created = false;
  for (const aliasName of key.aliases) {
    const alias = await tx.getAlias(key, aliasName);
    if (alias && alias.targetKeyId !== key.keyId) {
      throw new Error(`seed: alias ${aliasName} points to key ${alias.targetKeyId}, but the seed gives it to ${key.keyId}`);
    }
    if (alias) continue;
    await tx.putAlias({ accountId: key.accountId, region: key.region, aliasName, targetKeyId: key.keyId, creationDate: now, lastUpdatedDate: now });
    created = true;
  }
  return created;
}

function kmsCheck(check: () => void): void {
  try {
    check();
  } catch (error) {
    if (error instanceof KmsError) throw new Error(`${error.name}: ${error.message}`);
    throw error;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'bigint') {
    // YAML reads unquoted 0x4c08..., 012345 or 1e5 as numbers, and a number cannot give back the text it was written
    // as. The value is not repeated: it may be key material.
    throw new Error(`${name} must be a string: YAML read it as a number; put the value in quotes (${name}: "0x4c08...")`);
  }
  if (typeof value !== 'string') throw new Error(`${name} must be a string`);
  return value;
}
