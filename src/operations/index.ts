// Every KMS operation of the API model, mapped to its handler. Operations not built yet answer
// UnsupportedOperationException naming themselves, so all 54 are routed.

import { operationNames, type OperationName } from '../api/model.generated.js';
import { UnsupportedOperationException } from '../api/errors.js';
import type { OperationHandler } from './context.js';
import { cancelKeyDeletion } from './cancel-key-deletion.js';
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

const implemented: Partial<Record<OperationName, OperationHandler>> = {
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
};

function notBuiltYet(operation: OperationName): OperationHandler {
  return async () => {
    throw new UnsupportedOperationException(`${operation} is not supported by this openkms server yet.`);
  };
}

export const operationHandlers: Readonly<Record<OperationName, OperationHandler>> = Object.fromEntries(
  operationNames.map((name) => [name, implemented[name] ?? notBuiltYet(name)]),
) as Record<OperationName, OperationHandler>;

export function isImplemented(operation: OperationName): boolean {
  return implemented[operation] !== undefined;
}
