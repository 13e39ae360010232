// Every KMS operation of the API model, mapped to its handler. Operations not built yet answer
// UnsupportedOperationException naming themselves, so all 54 are routed.

import { operationNames, type OperationName } from '../api/model.generated.js';
import { UnsupportedOperationException } from '../api/errors.js';
import type { OperationHandler, OperationHandlers } from './context.js';
import { cancelKeyDeletion } from './cancel-key-deletion.js';
import { createGrant } from './create-grant.js';
import { listGrants } from './list-grants.js';
import { listRetirableGrants } from './list-retirable-grants.js';
import { retireGrant } from './retire-grant.js';
import { revokeGrant } from './revoke-grant.js';
import { decrypt } from './decrypt.js';
import { deriveSharedSecret } from './derive-shared-secret.js';
import { encrypt } from './encrypt.js';
import { generateDataKey } from './generate-data-key.js';
import { generateDataKeyPair } from './generate-data-key-pair.js';
import { generateDataKeyPairWithoutPlaintext } from './generate-data-key-pair-without-plaintext.js';
import { generateDataKeyWithoutPlaintext } from './generate-data-key-without-plaintext.js';
import { generateMac } from './generate-mac.js';
import { getPublicKey } from './get-public-key.js';
import { reEncrypt } from './re-encrypt.js';
import { sign } from './sign.js';
import { verify } from './verify.js';
import { verifyMac } from './verify-mac.js';
import { createAlias } from './create-alias.js';
import { createKey } from './create-key.js';
import { deleteAlias } from './delete-alias.js';
import { describeKey } from './describe-key.js';
import { disableKey } from './disable-key.js';
import { enableKey } from './enable-key.js';
import { generateRandom } from './generate-random.js';
import { getKeyPolicy } from './get-key-policy.js';
import { listAliases } from './list-aliases.js';
import { listKeyPolicies } from './list-key-policies.js';
import { listKeys } from './list-keys.js';
import { listResourceTags } from './list-resource-tags.js';
import { putKeyPolicy } from './put-key-policy.js';
import { scheduleKeyDeletion } from './schedule-key-deletion.js';
import { tagResource } from './tag-resource.js';
import { untagResource } from './untag-resource.js';
import { updateAlias } from './update-alias.js';
import { updateKeyDescription } from './update-key-description.js';
import { disableKeyRotation } from './disable-key-rotation.js';
import { enableKeyRotation } from './enable-key-rotation.js';
import { getKeyRotationStatus } from './get-key-rotation-status.js';
import { listKeyRotations } from './list-key-rotations.js';
import { rotateKeyOnDemand } from './rotate-key-on-demand.js';
import { deleteImportedKeyMaterial } from './delete-imported-key-material.js';
import { getParametersForImport } from './get-parameters-for-import.js';
import { importKeyMaterial } from './import-key-material.js';
import { connectCustomKeyStore } from './connect-custom-key-store.js';
import { createCustomKeyStore } from './create-custom-key-store.js';
import { deleteCustomKeyStore } from './delete-custom-key-store.js';
import { describeCustomKeyStores } from './describe-custom-key-stores.js';
import { disconnectCustomKeyStore } from './disconnect-custom-key-store.js';
import { updateCustomKeyStore } from './update-custom-key-store.js';
import { replicateKey } from './replicate-key.js';
import { getKeyLastUsage } from './get-key-last-usage.js';
import { updatePrimaryRegion } from './update-primary-region.js';

const implemented: Partial<OperationHandlers> = {
  CreateGrant: createGrant,
  ListGrants: listGrants,
  ListRetirableGrants: listRetirableGrants,
  RetireGrant: retireGrant,
  RevokeGrant: revokeGrant,
  Decrypt: decrypt,
  DeriveSharedSecret: deriveSharedSecret,
  Encrypt: encrypt,
  GenerateDataKey: generateDataKey,
  GenerateDataKeyPair: generateDataKeyPair,
  GenerateDataKeyPairWithoutPlaintext: generateDataKeyPairWithoutPlaintext,
  GenerateDataKeyWithoutPlaintext: generateDataKeyWithoutPlaintext,
  GenerateMac: generateMac,
  GetPublicKey: getPublicKey,
  ReEncrypt: reEncrypt,
  Sign: sign,
  Verify: verify,
  VerifyMac: verifyMac,
  CancelKeyDeletion: cancelKeyDeletion,
  CreateAlias: createAlias,
  CreateKey: createKey,
  DeleteAlias: deleteAlias,
  DescribeKey: describeKey,
  DisableKey: disableKey,
  EnableKey: enableKey,
  GenerateRandom: generateRandom,
  GetKeyPolicy: getKeyPolicy,
  ListAliases: listAliases,
  ListKeyPolicies: listKeyPolicies,
  ListKeys: listKeys,
  ListResourceTags: listResourceTags,
  PutKeyPolicy: putKeyPolicy,
  ScheduleKeyDeletion: scheduleKeyDeletion,
  TagResource: tagResource,
  UntagResource: untagResource,
  UpdateAlias: updateAlias,
  UpdateKeyDescription: updateKeyDescription,
  DisableKeyRotation: disableKeyRotation,
  EnableKeyRotation: enableKeyRotation,
  GetKeyRotationStatus: getKeyRotationStatus,
  ListKeyRotations: listKeyRotations,
  RotateKeyOnDemand: rotateKeyOnDemand,
  DeleteImportedKeyMaterial: deleteImportedKeyMaterial,
  GetParametersForImport: getParametersForImport,
  ImportKeyMaterial: importKeyMaterial,
  ConnectCustomKeyStore: connectCustomKeyStore,
  CreateCustomKeyStore: createCustomKeyStore,
  DeleteCustomKeyStore: deleteCustomKeyStore,
  DescribeCustomKeyStores: describeCustomKeyStores,
  DisconnectCustomKeyStore: disconnectCustomKeyStore,
  UpdateCustomKeyStore: updateCustomKeyStore,
  ReplicateKey: replicateKey,
  UpdatePrimaryRegion: updatePrimaryRegion,
  GetKeyLastUsage: getKeyLastUsage,
};

function notBuiltYet(operation: OperationName): OperationHandler<never> {
  return async () => {
    throw new UnsupportedOperationException(`${operation} is not supported by this openkms server yet.`);
  };
}

/** Object.fromEntries cannot tell that each name gets its own operation's handler; `implemented` is typed so that it does. */
export const operationHandlers: OperationHandlers = Object.fromEntries(
  operationNames.map((name) => [name, implemented[name] ?? notBuiltYet(name)]),
) as unknown as OperationHandlers;

export function isImplemented(operation: OperationName): boolean {
  return implemented[operation] !== undefined;
}
