// Multi-Region keys: a primary and its replicas, one per Region of the same partition, sharing key id, key material,
// key spec, usage, origin and rotation settings; everything else is each key's own (docs/kms-behaviour.md 10).
// Every key of a set keeps the set's Regions (primaryRegion, replicaRegions), written together in one transaction,
// so DescribeKey in any Region shows the whole set without reading the others.

import type { KeyState, MultiRegionConfiguration } from '../api/model.generated.js';
import { AlreadyExistsException, UnsupportedOperationException, ValidationException } from '../api/errors.js';
import { defaultKeyPolicy } from './default-key-policy.js';
import { keyArn, partitionOf, type Scope } from './identifiers.js';
import type { KmsKey, Tag } from './kms-key.js';

/** A replica stays Creating, and both keys of UpdatePrimaryRegion Updating, this long ("a few seconds" in AWS, 10). */
export const MULTI_REGION_SETTLE_MS = 1_000;

/** The Region of the set's primary key; keys stored before sets were tracked are their own primary. */
export function primaryRegionOf(key: KmsKey): string {
  return key.primaryRegion ?? key.region;
}

export function replicaRegionsOf(key: KmsKey): string[] {
  return [...(key.replicaRegions ?? [])];
}

export function isPrimary(key: KmsKey): boolean {
  return key.multiRegion && primaryRegionOf(key) === key.region;
}

export function isReplica(key: KmsKey): boolean {
  return key.multiRegion && primaryRegionOf(key) !== key.region;
}

/** Every Region of the set but the key's own. */
export function relatedRegions(key: KmsKey): string[] {
  if (!key.multiRegion) return [];
  return [primaryRegionOf(key), ...replicaRegionsOf(key)].filter((region) => region !== key.region);
}

/** The scope of the related key in `region`. */
export function relatedScope(key: Pick<Scope, 'accountId'>, region: string): Scope {
  return { accountId: key.accountId, region };
}

/** DescribeKey's MultiRegionConfiguration: the same primary and replica list from every key of the set (2.4). */
export function multiRegionConfiguration(key: KmsKey): MultiRegionConfiguration {
  const primaryRegion = primaryRegionOf(key);
  return {
    MultiRegionKeyType: primaryRegion === key.region ? 'PRIMARY' : 'REPLICA',
    PrimaryKey: { Arn: keyArn(relatedScope(key, primaryRegion), key.keyId), Region: primaryRegion },
    ReplicaKeys: replicaRegionsOf(key).map((region) => ({ Arn: keyArn(relatedScope(key, region), key.keyId), Region: region })),
  };
}

/** Sets the set's Regions on one of its keys, and the PRIMARY/REPLICA designation that follows from them. */
export function setMultiRegionSet(key: KmsKey, primaryRegion: string, replicaRegions: readonly string[]): void {
  key.primaryRegion = primaryRegion;
  key.replicaRegions = [...replicaRegions];
  key.multiRegionKeyType = primaryRegion === key.region ? 'PRIMARY' : 'REPLICA';
}

/** ReplicateKey's refusals that need only the primary and the Region asked for (10). */
export function assertCanReplicate(primary: KmsKey, replicaRegion: string): void {
  if (!primary.multiRegion) {
    throw new UnsupportedOperationException(`${primary.arn} is not a multi-region key.`);
  }
  if (!isPrimary(primary)) {
    throw new UnsupportedOperationException(`${primary.arn} is not a multi-region primary key.`);
  }
  if (replicaRegion === primary.region) {
    throw new ValidationException(`The replica region ${replicaRegion} must be different from the primary key region ${primary.region}.`);
  }
  if (partitionOf(replicaRegion) !== partitionOf(primary.region)) {
    throw new ValidationException(`The replica region ${replicaRegion} must be in the same partition as the primary key region ${primary.region}.`);
  }
  if (replicaRegionsOf(primary).includes(replicaRegion)) {
    throw new AlreadyExistsException(`Key '${keyArn(relatedScope(primary, replicaRegion), primary.keyId)}' already exists`);
  }
}

/** Settings a replica takes from its primary, at creation and whenever the primary's change (10, "shared properties"). */
export function copySharedProperties(from: KmsKey, to: KmsKey): void {
  to.keySpec = from.keySpec;
  to.keyUsage = from.keyUsage;
  to.origin = from.origin;
  to.rotation = { ...from.rotation };
  delete to.rotation.onDemandStartDate;
  to.onDemandRotationCount = from.onDemandRotationCount;
  if (to.origin !== 'EXTERNAL') {
    if (from.currentKeyMaterialId !== undefined) to.currentKeyMaterialId = from.currentKeyMaterialId;
  }
}

export interface NewReplica {
  region: string;
  creationDate: Date;
  description?: string;
  policy?: string;
  tags?: readonly Tag[];
}

/**
 * The replica ReplicateKey creates: the primary's key id and shared properties in `spec.region`, its own policy
 * (default: the default key policy, not the primary's), description and tags, state Creating until it settles.
 */
export function newReplicaKey(primary: KmsKey, spec: NewReplica): KmsKey {
  const scope = relatedScope(primary, spec.region);
  const replica: KmsKey = {
    accountId: primary.accountId,
    region: spec.region,
    keyId: primary.keyId,
    arn: keyArn(scope, primary.keyId),
    creationDate: spec.creationDate,
    description: spec.description ?? '',
    keySpec: primary.keySpec,
    keyUsage: primary.keyUsage,
    origin: primary.origin,
    keyState: 'Creating',
    settlesTo: primary.origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
    multiRegion: true,
    policy: spec.policy ?? defaultKeyPolicy(primary.accountId, partitionOf(spec.region)),
    tags: (spec.tags ?? []).map((tag) => ({ TagKey: tag.TagKey, TagValue: tag.TagValue })),
    rotation: { enabled: false },
    onDemandRotationCount: 0,
  };
  copySharedProperties(primary, replica);
  return replica;
}

/** The state a Creating or Updating key reaches when it settles. */
export function settledState(key: KmsKey): KeyState {
  return key.settlesTo ?? 'Enabled';
}
