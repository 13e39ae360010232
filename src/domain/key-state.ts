// The operation x key-state table of docs/kms-behaviour.md 1.2 as data, and the exceptions of its footnotes (1.3).
// Footnotes that depend on more than the state (7 custom stores/key types, 9 origin, 10 alias target) are the
// operations' own checks; here they count as "allowed".

import type { KeyState, OperationName } from '../api/model.generated.js';
import { DisabledException, KMSInvalidStateException, UnsupportedOperationException } from '../api/errors.js';
import type { KmsKey } from './kms-key.js';

/** Column order of the table: Enabled, Disabled, PendingDeletion (and PendingReplicaDeletion), PendingImport, Unavailable, Creating, Updating. */
type Row = readonly [Cell, Cell, Cell, Cell, Cell, Cell, Cell];
/** 0 = allowed; otherwise the footnote number of 1.3. */
type Cell = 0 | 1 | 3 | 4 | 5 | 6 | 11 | 14 | 15;

const ALWAYS: Row = [0, 0, 0, 0, 0, 0, 0];
const CRYPTO: Row = [0, 1, 3, 5, 11, 14, 0];
const KEY_PAIR: Row = [0, 1, 3, 5, 0, 14, 0];
const SIGN_OR_MAC: Row = [0, 1, 3, 5, 0, 14, 0];
const ROTATION_SETTING: Row = [0, 1, 3, 6, 0, 14, 0];
const NOT_PENDING_DELETION: Row = [0, 0, 3, 0, 0, 0, 0];

/** Operations that take no key (ListKeys, CreateKey, GenerateRandom, custom key stores) are not in the table. */
const TABLE: Readonly<Partial<Record<OperationName, Row>>> = {
  CancelKeyDeletion: [4, 4, 0, 4, 4, 4, 4],
  CreateAlias: NOT_PENDING_DELETION,
  CreateGrant: [0, 1, 3, 5, 0, 14, 0],
  Decrypt: CRYPTO,
  DeleteAlias: ALWAYS,
  DeleteImportedKeyMaterial: [0, 0, 0, 0, 0, 14, 15],
  DeriveSharedSecret: SIGN_OR_MAC,
  DescribeKey: ALWAYS,
  DisableKey: [0, 0, 3, 5, 0, 14, 15],
  DisableKeyRotation: ROTATION_SETTING,
  EnableKey: [0, 0, 3, 5, 0, 14, 15],
  EnableKeyRotation: ROTATION_SETTING,
  Encrypt: CRYPTO,
  GenerateDataKey: CRYPTO,
  GenerateDataKeyWithoutPlaintext: CRYPTO,
  GenerateDataKeyPair: KEY_PAIR,
  GenerateDataKeyPairWithoutPlaintext: KEY_PAIR,
  GenerateMac: SIGN_OR_MAC,
  GetKeyPolicy: ALWAYS,
  GetKeyRotationStatus: [0, 0, 0, 6, 0, 0, 0],
  GetParametersForImport: [0, 0, 3, 0, 0, 14, 15],
  GetPublicKey: [0, 0, 3, 0, 0, 14, 0],
  ImportKeyMaterial: [0, 0, 3, 0, 0, 14, 0],
  ListAliases: ALWAYS,
  ListGrants: ALWAYS,
  ListKeyPolicies: ALWAYS,
  ListResourceTags: ALWAYS,
  ListKeyRotations: ALWAYS,
  PutKeyPolicy: ALWAYS,
  ReEncrypt: CRYPTO,
  ReplicateKey: [0, 1, 3, 5, 0, 14, 15],
  RetireGrant: ALWAYS,
  RevokeGrant: ALWAYS,
  RotateKeyOnDemand: [0, 1, 3, 5, 0, 14, 0],
  ScheduleKeyDeletion: [0, 0, 3, 0, 0, 0, 15],
  Sign: SIGN_OR_MAC,
  Verify: SIGN_OR_MAC,
  VerifyMac: SIGN_OR_MAC,
  TagResource: NOT_PENDING_DELETION,
  UntagResource: NOT_PENDING_DELETION,
  UpdateAlias: ALWAYS,
  UpdateKeyDescription: NOT_PENDING_DELETION,
  UpdatePrimaryRegion: [0, 1, 3, 5, 0, 14, 0],
};

const COLUMN: Record<KeyState, number> = {
  Enabled: 0,
  Disabled: 1,
  PendingDeletion: 2,
  PendingReplicaDeletion: 2,
  PendingImport: 3,
  Unavailable: 4,
  Creating: 5,
  Updating: 6,
};

/** The exception of a footnote of 1.3 for a key; `<arn> is pending deletion.` is the observed short form (1.3, "2/3"). */
export function keyStateError(footnote: Exclude<Cell, 0>, key: Pick<KmsKey, 'arn' | 'origin'>): Error {
  const arn = key.arn;
  switch (footnote) {
    case 1:
      return new DisabledException(`${arn} is disabled.`);
    case 3:
      return new KMSInvalidStateException(`${arn} is pending deletion.`);
    case 4:
      return new KMSInvalidStateException(`${arn} is not pending deletion (or pending replica deletion).`);
    case 5:
      return new KMSInvalidStateException(`${arn} is pending import.`);
    case 6:
      return new UnsupportedOperationException(`${arn} origin is ${key.origin} which is not valid for this operation.`);
    case 11:
      return new KMSInvalidStateException(`${arn} is unavailable.`);
    case 14:
      return new KMSInvalidStateException(`${arn} is creating.`);
    case 15:
      return new KMSInvalidStateException(`${arn} is updating.`);
  }
}

/** Throws the exception AWS gives when `operation` meets a key in its current state; operations not in the table have no restriction. */
export function assertKeyStateAllows(operation: OperationName, key: Pick<KmsKey, 'arn' | 'origin' | 'keyState'>): void {
  const row = TABLE[operation];
  if (!row) return;
  const cell = row[COLUMN[key.keyState]];
  if (cell !== 0 && cell !== undefined) throw keyStateError(cell, key);
}
