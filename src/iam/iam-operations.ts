// The IAM API openkms serves: each query-protocol Action and the function that answers it.

import type { IamOperation } from './iam-context.js';
import { getAccountAuthorizationDetails } from './account-details.js';
import { createAccessKey, deleteAccessKey, listAccessKeys, updateAccessKey } from './access-keys.js';
import { deletePolicy as deleteInline, getPolicy as getInline, listPolicies as listInline, putPolicy } from './inline-policies.js';
import {
  attachPolicy,
  createPolicy,
  deletePolicy,
  detachPolicy,
  getPolicy,
  getPolicyVersion,
  listAttachedPolicies,
  listPolicies,
  listPolicyVersions,
} from './managed-policies.js';
import { createRole, deleteRole, getRole, listRoles, listRoleTags, tagRole, untagRole, updateAssumeRolePolicy, updateRole } from './roles.js';
import { createUser, deleteUser, getUser, listUsers, listUserTags, tagUser, untagUser } from './users.js';

export const IAM_OPERATIONS: ReadonlyMap<string, IamOperation> = new Map<string, IamOperation>([
  ['CreateUser', createUser],
  ['GetUser', getUser],
  ['ListUsers', listUsers],
  ['DeleteUser', deleteUser],
  ['TagUser', tagUser],
  ['UntagUser', untagUser],
  ['ListUserTags', listUserTags],
  ['CreateRole', createRole],
  ['GetRole', getRole],
  ['ListRoles', listRoles],
  ['UpdateRole', updateRole],
  ['DeleteRole', deleteRole],
  ['UpdateAssumeRolePolicy', updateAssumeRolePolicy],
  ['TagRole', tagRole],
  ['UntagRole', untagRole],
  ['ListRoleTags', listRoleTags],
  ['CreateAccessKey', createAccessKey],
  ['ListAccessKeys', listAccessKeys],
  ['UpdateAccessKey', updateAccessKey],
  ['DeleteAccessKey', deleteAccessKey],
  ['PutUserPolicy', putPolicy('user')],
  ['GetUserPolicy', getInline('user')],
  ['ListUserPolicies', listInline('user')],
  ['DeleteUserPolicy', deleteInline('user')],
  ['PutRolePolicy', putPolicy('role')],
  ['GetRolePolicy', getInline('role')],
  ['ListRolePolicies', listInline('role')],
  ['DeleteRolePolicy', deleteInline('role')],
  ['CreatePolicy', createPolicy],
  ['GetPolicy', getPolicy],
  ['GetPolicyVersion', getPolicyVersion],
  ['ListPolicyVersions', listPolicyVersions],
  ['ListPolicies', listPolicies],
  ['DeletePolicy', deletePolicy],
  ['AttachUserPolicy', attachPolicy('user')],
  ['DetachUserPolicy', detachPolicy('user')],
  ['ListAttachedUserPolicies', listAttachedPolicies('user')],
  ['AttachRolePolicy', attachPolicy('role')],
  ['DetachRolePolicy', detachPolicy('role')],
  ['ListAttachedRolePolicies', listAttachedPolicies('role')],
  ['GetAccountAuthorizationDetails', getAccountAuthorizationDetails],
]);
