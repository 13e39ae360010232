// Finding users and roles of an account by name, as IAM does: names are unique in an account whatever their case,
// and the ARN holds the path.

import type { PrincipalRecord, StoreReader } from '../storage/repository.js';
import { noSuchEntity } from './iam-error.js';

export type EntityKindOf = 'user' | 'role';

/** The user or role of the account whose name matches `name` case-insensitively. */
export async function findEntity(store: StoreReader, accountId: string, kind: EntityKindOf, name: string): Promise<PrincipalRecord | undefined> {
  const wanted = name.toLowerCase();
  return (await store.listPrincipals(accountId)).find((p) => p.kind === kind && p.name.toLowerCase() === wanted);
}

export async function requireUser(store: StoreReader, accountId: string, userName: string): Promise<PrincipalRecord> {
  const user = await findEntity(store, accountId, 'user', userName);
  if (!user) throw noSuchEntity(`The user with name ${userName} cannot be found.`);
  return user;
}

export async function requireRole(store: StoreReader, accountId: string, roleName: string): Promise<PrincipalRecord> {
  const role = await findEntity(store, accountId, 'role', roleName);
  if (!role) throw noSuchEntity(`The role with name ${roleName} cannot be found.`);
  return role;
}

export const pathOf = (principal: PrincipalRecord) => principal.path ?? '/';
/** Principals made before the IAM API have no creation date; the epoch stands in. */
export const createdAtOf = (principal: PrincipalRecord) => principal.createdAt ?? new Date(0);

/** IAM policy sizes count characters other than white space. */
export function policySize(document: string): number {
  return document.replace(/\s/g, '').length;
}
