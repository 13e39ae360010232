// The declarative principals file (--principals FILE, JSON or YAML): accounts, their root access keys, users and roles
// with access keys, inline identity policies and trust policies. Read and checked whole, then applied in one transaction.

import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { newPrincipalId } from '../auth/access-key-generator.js';
import { parsePolicyDocument } from '../policy/index.js';
import type { Store, StoreWriter } from '../storage/repository.js';
import { validateTrustPolicy } from '../sts/trust-policy.js';
import { unknownTrustPrincipal } from '../iam/trust-principals.js';

export interface PrincipalsAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface PrincipalsUser {
  name: string;
  accessKeys: PrincipalsAccessKey[];
  /** Policy name → policy document (JSON text). */
  policies: Record<string, string>;
}

export interface PrincipalsRole {
  name: string;
  trustPolicy: string;
  maxSessionDurationSeconds: number;
  policies: Record<string, string>;
}

export interface PrincipalsAccount {
  id: string;
  /** Access keys of the account's root user. */
  accessKeys: PrincipalsAccessKey[];
  users: PrincipalsUser[];
  roles: PrincipalsRole[];
}

export interface PrincipalsDocument {
  accounts: PrincipalsAccount[];
}

export class PrincipalsFileError extends Error {
  override readonly name = 'PrincipalsFileError';
}

const NAME = /^[\w+=,.@-]{1,64}$/;
const ACCESS_KEY_ID = /^\w{16,128}$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

/** Reads a principals file; YAML is a superset of JSON, so one parser reads both. */
export function readPrincipalsFile(path: string): PrincipalsDocument {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PrincipalsFileError(`principals file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parsePrincipals(raw, path);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the shape and every policy's grammar; messages name the place in the file (`accounts[0].users[1].name`). */
export function parsePrincipals(raw: unknown, source = 'principals'): PrincipalsDocument {
  const fail = (where: string, problem: string): never => {
    throw new PrincipalsFileError(`${source}: ${where}: ${problem}`);
  };
  const list = (value: unknown, where: string): unknown[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) fail(where, 'must be a list');
    return value as unknown[];
  };
  const text = (value: unknown, where: string, pattern: RegExp, what: string): string => {
    if (typeof value !== 'string' || !pattern.test(value)) fail(where, `must be ${what}`);
    return value as string;
  };
  const policyText = (value: unknown, where: string, kind: 'identity' | 'key'): string => {
    const document = typeof value === 'string' ? value : isObject(value) ? JSON.stringify(value) : fail(where, 'must be a policy document');
    try {
      if (kind === 'key') validateTrustPolicy(document);
      else parsePolicyDocument(document, { kind });
    } catch (error) {
      fail(where, `${error instanceof Error ? error.message : String(error)}`);
    }
    return document;
  };
  const policies = (value: unknown, where: string): Record<string, string> => {
    if (value === undefined) return {};
    if (!isObject(value)) fail(where, 'must map policy names to policy documents');
    const out: Record<string, string> = {};
    for (const [name, document] of Object.entries(value as Record<string, unknown>)) {
      text(name, `${where}.${name}`, POLICY_NAME, 'a policy name of letters, digits and +=,.@_-');
      out[name] = policyText(document, `${where}.${name}`, 'identity');
    }
    return out;
  };
  const accessKeys = (value: unknown, where: string): PrincipalsAccessKey[] =>
    list(value, where).map((item, i) => {
      const at = `${where}[${i}]`;
      if (!isObject(item)) fail(at, 'must be {accessKeyId, secretAccessKey}');
      const key = item as Record<string, unknown>;
      return {
        accessKeyId: text(key.accessKeyId, `${at}.accessKeyId`, ACCESS_KEY_ID, '16-128 letters, digits or _'),
        secretAccessKey: text(key.secretAccessKey, `${at}.secretAccessKey`, /^\S{1,256}$/, 'a secret without spaces'),
      };
    });

  if (!isObject(raw)) fail('top level', 'must be an object with "accounts"');
  const accounts = list((raw as Record<string, unknown>).accounts, 'accounts').map((item, a): PrincipalsAccount => {
    const at = `accounts[${a}]`;
    if (!isObject(item)) fail(at, 'must be an object');
    const account = item as Record<string, unknown>;
    // An unquoted YAML number loses leading zeros: only a 12-character string is an account id.
    const id = text(account.id, `${at}.id`, /^\d{12}$/, 'a 12-digit account id in quotes');
    const users = list(account.users, `${at}.users`).map((u, i): PrincipalsUser => {
      const where = `${at}.users[${i}]`;
      if (!isObject(u)) fail(where, 'must be an object');
      const user = u as Record<string, unknown>;
      return {
        name: text(user.name, `${where}.name`, NAME, 'an IAM user name (1-64 of letters, digits and +=,.@_-)'),
        accessKeys: accessKeys(user.accessKeys, `${where}.accessKeys`),
        policies: policies(user.policies, `${where}.policies`),
      };
    });
    const roles = list(account.roles, `${at}.roles`).map((r, i): PrincipalsRole => {
      const where = `${at}.roles[${i}]`;
      if (!isObject(r)) fail(where, 'must be an object');
      const role = r as Record<string, unknown>;
      const duration = role.maxSessionDuration ?? 3600;
      if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 3600 || duration > 43200) {
        fail(`${where}.maxSessionDuration`, 'must be a number of seconds from 3600 to 43200');
      }
      if (role.trustPolicy === undefined) fail(`${where}.trustPolicy`, 'is required');
      return {
        name: text(role.name, `${where}.name`, NAME, 'an IAM role name (1-64 of letters, digits and +=,.@_-)'),
        trustPolicy: policyText(role.trustPolicy, `${where}.trustPolicy`, 'key'),
        maxSessionDurationSeconds: duration as number,
        policies: policies(role.policies, `${where}.policies`),
      };
    });
    return { id, accessKeys: accessKeys(account.accessKeys, `${at}.accessKeys`), users, roles };
  });
  assertUniqueAccessKeys(accounts, fail);
  return { accounts };
}

function assertUniqueAccessKeys(accounts: PrincipalsAccount[], fail: (where: string, problem: string) => never): void {
  const seen = new Set<string>();
  const all = accounts.flatMap((a) => [...a.accessKeys, ...a.users.flatMap((u) => u.accessKeys)]);
  for (const key of all) {
    if (seen.has(key.accessKeyId)) fail('accessKeys', `access key ${key.accessKeyId} appears more than once`);
    seen.add(key.accessKeyId);
  }
}

/**
 * Writes the document: accounts, principals (ids kept when they exist), access keys (sealed by the store), and for
 * every user and role listed exactly the policies the file gives. Principals the file does not list are left alone.
 */
export async function applyPrincipals(store: Store, document: PrincipalsDocument, now: Date): Promise<void> {
  await store.write(async (tx) => {
    for (const account of document.accounts) await tx.putAccount(account.id);
    for (const account of document.accounts) {
      const root = `arn:aws:iam::${account.id}:root`;
      if (account.accessKeys.length > 0) {
        await tx.putPrincipal({ accountId: account.id, arn: root, kind: 'root', name: 'root', principalId: account.id });
      }
      await putAccessKeys(tx, root, account.accessKeys, now);
      for (const user of account.users) {
        const arn = `arn:aws:iam::${account.id}:user/${user.name}`;
        await tx.putPrincipal({ accountId: account.id, arn, kind: 'user', name: user.name, principalId: newPrincipalId('AIDA'), path: '/', createdAt: now });
        await putAccessKeys(tx, arn, user.accessKeys, now);
        await replacePolicies(tx, arn, user.policies);
      }
      for (const role of account.roles) {
        const arn = `arn:aws:iam::${account.id}:role/${role.name}`;
        await tx.putPrincipal({ accountId: account.id, arn, kind: 'role', name: role.name, principalId: newPrincipalId('AROA'), path: '/', createdAt: now });
        await tx.putRoleSettings({ roleArn: arn, trustPolicy: role.trustPolicy, maxSessionDurationSeconds: role.maxSessionDurationSeconds });
        await replacePolicies(tx, arn, role.policies);
      }
    }
    // Trust policies may name principals defined later in the file: they are checked once all exist (IAM rejects
    // a trust policy naming an unknown principal).
    for (const account of document.accounts) {
      for (const role of account.roles) await assertTrustPrincipalsExist(tx, role);
    }
  });
}

async function putAccessKeys(tx: StoreWriter, principalArn: string, keys: PrincipalsAccessKey[], now: Date): Promise<void> {
  for (const key of keys) {
    const existing = await tx.getAccessKey(key.accessKeyId);
    if (existing && existing.principalArn !== principalArn) {
      throw new PrincipalsFileError(`access key ${key.accessKeyId} already belongs to ${existing.principalArn}`);
    }
    await tx.putAccessKey({ accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey, principalArn, createdAt: existing?.createdAt ?? now });
  }
}

async function replacePolicies(tx: StoreWriter, principalArn: string, policies: Record<string, string>): Promise<void> {
  for (const old of await tx.listIdentityPolicies(principalArn)) {
    if (!Object.hasOwn(policies, old.policyName)) await tx.deleteIdentityPolicy(principalArn, old.policyName);
  }
  for (const [policyName, document] of Object.entries(policies)) await tx.putIdentityPolicy({ principalArn, policyName, document });
}

async function assertTrustPrincipalsExist(tx: StoreWriter, role: PrincipalsRole): Promise<void> {
  const unknown = await unknownTrustPrincipal(tx, validateTrustPolicy(role.trustPolicy));
  if (unknown?.account !== undefined) throw new PrincipalsFileError(`role ${role.name}: trust policy names unknown account ${unknown.account}`);
  if (unknown?.arn !== undefined) throw new PrincipalsFileError(`role ${role.name}: trust policy names unknown principal ${unknown.arn}`);
}

/** --principals: read, check, apply. */
export async function loadPrincipalsFile(store: Store, path: string, now: Date): Promise<PrincipalsDocument> {
  const document = readPrincipalsFile(path);
  await applyPrincipals(store, document, now);
  return document;
}
