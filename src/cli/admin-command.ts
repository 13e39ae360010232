// `openkms admin`: manages accounts, users, roles, access keys and identity policies directly in the data directory
// (works offline; the server may be running), with the aws iam CLI's command and option names. Prints JSON.

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromEnvironment } from '../server/config.js';
import { DATABASE_FILE } from '../server/openkms-server.js';
import {
  createAccessKey,
  createAccount,
  createRole,
  createUser,
  deleteAccessKey,
  deleteIdentityPolicy,
  listPrincipals,
  putIdentityPolicy,
  roleArn,
  rootArn,
  updateAssumeRolePolicy,
  userArn,
} from '../server/principal-admin.js';
import type { Store } from '../storage/repository.js';
import { loadOrCreateRootKeyFile, parseRootKey } from '../storage/root-key.js';
import { Sealer } from '../storage/sealer.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { parseArgs, stringFlag, type ParsedArgs } from './args.js';

export const ADMIN_HELP = `openkms admin <command> [options]        (prints JSON; --data-dir DIR, --account-id ID as for serve)
  create-account
  create-user --user-name NAME
  create-role --role-name NAME --assume-role-policy-document DOC [--max-session-duration SECONDS]
  update-assume-role-policy --role-name NAME --policy-document DOC
  create-access-key (--user-name NAME | --root)      the secret is shown once
  delete-access-key --access-key-id ID
  put-user-policy --user-name NAME --policy-name NAME --policy-document DOC
  put-role-policy --role-name NAME --policy-name NAME --policy-document DOC
  delete-user-policy --user-name NAME --policy-name NAME
  delete-role-policy --role-name NAME --policy-name NAME
  list                                              accounts, principals, access key ids and policy names
  DOC is JSON text or file://PATH`;

export async function adminCommand(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv, new Set(['help', 'root']));
  const [command] = args.positional;
  if (args.flags.has('help') || command === undefined) {
    process.stdout.write(ADMIN_HELP + '\n');
    return;
  }
  const config = configFromEnvironment();
  const dataDir = stringFlag(args, 'data-dir') ?? config.dataDir;
  const accountId = stringFlag(args, 'account-id') ?? config.accountId;
  const { store, sealer } = openStore(dataDir);
  try {
    const result = await run(store, command, args, accountId);
    process.stdout.write(JSON.stringify(result ?? {}, null, 2) + '\n');
  } finally {
    await store.close();
    sealer.destroy();
  }
}

async function run(store: Store, command: string, args: ParsedArgs, accountId: string): Promise<unknown> {
  const now = new Date();
  const need = (name: string) => {
    const value = stringFlag(args, name);
    if (value === undefined) throw new Error(`${command} needs --${name}`);
    return value;
  };
  const user = () => userArn(accountId, need('user-name'));
  const role = () => roleArn(accountId, need('role-name'));
  switch (command) {
    case 'create-account':
      await createAccount(store, accountId);
      return { Account: accountId };
    case 'create-user': {
      const created = await createUser(store, accountId, need('user-name'));
      return { User: { UserName: created.name, UserId: created.principalId, Arn: created.arn } };
    }
    case 'create-role': {
      const duration = stringFlag(args, 'max-session-duration');
      const document = readDocument(need('assume-role-policy-document'));
      const created = await createRole(store, accountId, need('role-name'), document, duration === undefined ? undefined : Number(duration));
      return { Role: { RoleName: created.name, RoleId: created.principalId, Arn: created.arn } };
    }
    case 'update-assume-role-policy':
      return updateAssumeRolePolicy(store, role(), readDocument(need('policy-document')));
    case 'create-access-key': {
      const principal = args.flags.has('root') ? rootArn(accountId) : user();
      const key = await createAccessKey(store, principal, now);
      return { AccessKey: { Arn: principal, AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey, Status: 'Active' } };
    }
    case 'delete-access-key':
      return deleteAccessKey(store, need('access-key-id'));
    case 'put-user-policy':
      return putIdentityPolicy(store, user(), need('policy-name'), readDocument(need('policy-document')));
    case 'put-role-policy':
      return putIdentityPolicy(store, role(), need('policy-name'), readDocument(need('policy-document')));
    case 'delete-user-policy':
      return deleteIdentityPolicy(store, user(), need('policy-name'));
    case 'delete-role-policy':
      return deleteIdentityPolicy(store, role(), need('policy-name'));
    case 'list':
      return { Accounts: await listPrincipals(store, now, stringFlag(args, 'account-id')) };
    default:
      throw new Error(`unknown admin command '${command}'\n\n${ADMIN_HELP}`);
  }
}

/** `file://PATH` reads the document from a file, as the aws CLI does; anything else is the document itself. */
function readDocument(value: string): string {
  return value.startsWith('file://') ? readFileSync(value.slice('file://'.length), 'utf8') : value;
}

/** The server's store, under the same root key (OPENKMS_ROOT_KEY or the data directory's root.key). */
function openStore(dataDir: string): { store: Store; sealer: Sealer } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const rootKey = process.env.OPENKMS_ROOT_KEY ? parseRootKey(process.env.OPENKMS_ROOT_KEY) : loadOrCreateRootKeyFile(dataDir);
  const sealer = new Sealer(rootKey);
  rootKey.fill(0);
  return { store: new SqliteStore(join(dataDir, DATABASE_FILE), sealer), sealer };
}
