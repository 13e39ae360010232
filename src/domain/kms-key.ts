// A KMS key as openkms keeps it: how a new one starts, and the KeyMetadata AWS returns for it (docs/kms-behaviour.md 2.4).

import type {
  ExpirationModelType,
  KeyMetadata,
  KeySpec,
  KeyState,
  KeyUsageType,
  MultiRegionKeyType,
  OriginType,
} from '../api/model.generated.js';
import { defaultKeyPolicy } from './default-key-policy.js';
import { keyArn, partitionOf, type Scope } from './identifiers.js';
import { algorithmLists } from './key-spec.js';
import { multiRegionConfiguration } from './multi-region.js';

export interface Tag {
  TagKey: string;
  TagValue: string;
}

export interface RotationSettings {
  /** Automatic rotation enabled by EnableKeyRotation. */
  enabled: boolean;
  periodInDays?: number;
  nextRotationDate?: Date;
  /** Remembered while the key is pending deletion: cancelling restores it (section 1.4). */
  onDemandStartDate?: Date;
}

export interface KmsKey extends Scope {
  keyId: string;
  arn: string;
  creationDate: Date;
  description: string;
  keySpec: KeySpec;
  keyUsage: KeyUsageType;
  origin: OriginType;
  keyState: KeyState;
  /** The state a key returns to if it leaves PendingDeletion by CancelKeyDeletion is always Disabled; no memory needed. */
  deletionDate?: Date;
  pendingWindowInDays?: number;
  multiRegion: boolean;
  multiRegionKeyType?: MultiRegionKeyType;
  /** Multi-Region keys: the Region of the set's primary key, the same in every key of the set (domain/multi-region.ts). */
  primaryRegion?: string;
  /** Multi-Region keys: the Regions of the set's replicas, in the order they were created. */
  replicaRegions?: string[];
  /** A key that is Creating (a new replica) or Updating (UpdatePrimaryRegion): the state it reaches when that ends. */
  settlesTo?: KeyState;
  policy: string;
  tags: Tag[];
  currentKeyMaterialId?: string;
  expirationModel?: ExpirationModelType;
  validTo?: Date;
  rotation: RotationSettings;
  /** Count of completed on-demand rotations (quota 25, section 5). */
  onDemandRotationCount: number;
  /** EXTERNAL keys: moves on at each successful import, spending every import token issued before it (section 4.5). */
  importEpoch?: number;
  customKeyStoreId?: string;
  xksKeyId?: string;
}

/** What makes one new key differ from another; CreateKey takes it from the request, a seed file from its entry. */
export interface NewKmsKey extends Scope {
  /** A UUID, or `mrk-` and 32 hex digits for a multi-Region key (docs/kms-behaviour.md section 0). */
  keyId: string;
  creationDate: Date;
  keySpec: KeySpec;
  keyUsage: KeyUsageType;
  origin: OriginType;
  /** Default: empty. */
  description?: string;
  /** Default: the default key policy of the key's account (2.5). */
  policy?: string;
  tags?: readonly Tag[];
}

/**
 * A new key as CreateKey and seeded keys make it: Enabled, or PendingImport for origin EXTERNAL until its material is
 * imported; a multi-Region key (its id starts with `mrk-`) is a primary key; no rotation yet, and no key material:
 * the caller sets `currentKeyMaterialId` when it stores some.
 */
export function newKmsKey(spec: NewKmsKey): KmsKey {
  const multiRegion = spec.keyId.startsWith('mrk-');
  const key: KmsKey = {
    accountId: spec.accountId,
    region: spec.region,
    keyId: spec.keyId,
    arn: keyArn(spec, spec.keyId),
    creationDate: spec.creationDate,
    description: spec.description ?? '',
    keySpec: spec.keySpec,
    keyUsage: spec.keyUsage,
    origin: spec.origin,
    keyState: spec.origin === 'EXTERNAL' ? 'PendingImport' : 'Enabled',
    multiRegion,
    policy: spec.policy ?? defaultKeyPolicy(spec.accountId, partitionOf(spec.region)),
    tags: (spec.tags ?? []).map((tag) => ({ TagKey: tag.TagKey, TagValue: tag.TagValue })),
    rotation: { enabled: false },
    onDemandRotationCount: 0,
  };
  if (multiRegion) {
    key.multiRegionKeyType = 'PRIMARY';
    key.primaryRegion = spec.region;
    key.replicaRegions = [];
  }
  return key;
}

/** KeyMetadata exactly as CreateKey/DescribeKey return it: always-present fields, one algorithm list, conditional fields. */
export function keyMetadata(key: KmsKey): KeyMetadata {
  const metadata: KeyMetadata = {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: key.creationDate,
    Enabled: key.keyState === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: key.keyState,
    Origin: key.origin,
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: key.keySpec as KeyMetadata['CustomerMasterKeySpec'],
    KeySpec: key.keySpec,
    ...algorithmLists(key.keySpec, key.keyUsage),
    MultiRegion: key.multiRegion,
  };
  if (key.deletionDate && key.keyState === 'PendingDeletion') metadata.DeletionDate = key.deletionDate;
  if (key.keyState === 'PendingReplicaDeletion' && key.pendingWindowInDays !== undefined) {
    metadata.PendingDeletionWindowInDays = key.pendingWindowInDays;
  }
  if (key.expirationModel) metadata.ExpirationModel = key.expirationModel;
  if (key.validTo) metadata.ValidTo = key.validTo;
  if (key.multiRegion) metadata.MultiRegionConfiguration = multiRegionConfiguration(key);
  if (key.customKeyStoreId) metadata.CustomKeyStoreId = key.customKeyStoreId;
  if (key.xksKeyId) metadata.XksKeyConfiguration = { Id: key.xksKeyId };
  // A replica still Creating shows none (2.4).
  if (key.currentKeyMaterialId && key.keySpec === 'SYMMETRIC_DEFAULT' && key.keyState !== 'Creating') metadata.CurrentKeyMaterialId = key.currentKeyMaterialId;
  return metadata;
}
