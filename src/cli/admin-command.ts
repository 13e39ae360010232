// `openkms admin`: manages accounts, users, roles, access keys and identity policies directly in the data directory
// (works offline; the server may be running), with the aws iam CLI's command and option names. Prints JSON.

import { readFileSync } from 'node:fs';
import { configFromEnvironment, storageSettings } from '../server/config.js';
import { openStorage } from '../server/open-storage.js';
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
} from '../provision/principal-admin.js';
import type { Store } from '../storage/repository.js';
import { findSubcommand, parseCommand, stringValue, UsageError, type CommandSpec, type OptionSpec, type OptionValues } from './args.js';
import type { CliOutput } from './cli-output.js';

interface AdminSubcommand {
  /** Its options as the usage shows them. */
  synopsis: string;
  strings: string[];
  booleans?: string[];
  about?: string;
}

const SUBCOMMANDS: Readonly<Record<string, AdminSubcommand>> = {
  'create-account': { synopsis: '', strings: [] },
  'create-user': { synopsis: '--user-name NAME', strings: ['user-name'] },
  'create-role': {
    synopsis: '--role-name NAME --assume-role-policy-document DOC [--max-session-duration SECONDS]',
    strings: ['role-name', 'assume-role-policy-document', 'max-session-duration'],
  },
  'update-assume-role-policy': { synopsis: '--role-name NAME --policy-document DOC', strings: ['role-name', 'policy-document'] },
  'create-access-key': {
    synopsis: '(--user-name NAME | --root)',
    strings: ['user-name'],
    booleans: ['root'],
    about: 'the secret is shown once',
  },
  'delete-access-key': { synopsis: '--access-key-id ID', strings: ['access-key-id'] },
  'put-user-policy': {
    synopsis: '--user-name NAME --policy-name NAME --policy-document DOC',
    strings: ['user-name', 'policy-name', 'policy-document'],
  },
  'put-role-policy': {
    synopsis: '--role-name NAME --policy-name NAME --policy-document DOC',
    strings: ['role-name', 'policy-name', 'policy-document'],
  },
  'delete-user-policy': { synopsis: '--user-name NAME --policy-name NAME', strings: ['user-name', 'policy-name'] },
  'delete-role-policy': { synopsis: '--role-name NAME --policy-name NAME', strings: ['role-name', 'policy-name'] },
  list: { synopsis: '', strings: [], about: 'accounts, principals, access key ids and policy names' },
};

/** Every subcommand also takes these, as `openkms serve` does. */
const COMMON_OPTIONS = ['data-dir', 'account-id'];

export const ADMIN_HELP = [
  'openkms admin <command> [options]        (prints JSON; --data-dir DIR, --account-id ID as for serve; -h for a command)',
  ...Object.entries(SUBCOMMANDS).map(([name, sub]) => {
    const line = `  ${name}${sub.synopsis ? ` ${sub.synopsis}` : ''}`;
    return sub.about ? `${line.padEnd(51)} ${sub.about}` : line;
  }),
  '  DOC is JSON text or file://PATH',
].join('\n');

function subcommandSpec(name: string, sub: AdminSubcommand): CommandSpec {
  const options: Record<string, OptionSpec> = {};
  for (const option of [...sub.strings, ...COMMON_OPTIONS]) options[option] = { type: 'string' };
  for (const option of sub.booleans ?? []) options[option] = { type: 'boolean' };
  const usage = [
    `usage: openkms admin ${name}${sub.synopsis ? ` ${sub.synopsis}` : ''} [--data-dir DIR] [--account-id ID]`,
    ...(sub.about ? [`  ${sub.about}`] : []),
    '  prints JSON' + (sub.synopsis.includes('DOC') ? '; DOC is JSON text or file://PATH' : ''),
  ].join('\n');
  return { name: `openkms admin ${name}`, usage, options, positionals: 1 };
}

/** Every option of every subcommand: enough to tell an option's value from the subcommand's name. */
const ALL_OPTIONS: Record<string, OptionSpec> = Object.fromEntries(
  Object.values(SUBCOMMANDS).flatMap((sub) => [
    ...[...sub.strings, ...COMMON_OPTIONS].map((name) => [name, { type: 'string' }] as const),
    ...(sub.booleans ?? []).map((name) => [name, { type: 'boolean' }] as const),
  ]),
);

const GROUP_SPEC: CommandSpec = { name: 'openkms admin', usage: ADMIN_HELP, options: ALL_OPTIONS };

export async function adminCommand(argv: readonly string[], io: CliOutput): Promise<number> {
  const command = findSubcommand(argv, ALL_OPTIONS);
  if (command === undefined) {
    // `openkms admin`, `openkms admin -h`: the list of commands; options without a command are a mistake.
    const parsed = parseCommand(argv, GROUP_SPEC);
    if (!parsed.help && argv.length > 0) throw new UsageError('openkms admin: no command given', ADMIN_HELP);
    io.out(ADMIN_HELP + '\n');
    return 0;
  }
  const sub = Object.hasOwn(SUBCOMMANDS, command) ? SUBCOMMANDS[command] : undefined;
  if (sub === undefined) throw new UsageError(`openkms admin: unknown command '${command}'`, ADMIN_HELP);
  const spec = subcommandSpec(command, sub);
  const parsed = parseCommand(argv, spec);
  if (parsed.help) {
    io.out(spec.usage + '\n');
    return 0;
  }
  // Every argument is checked before the data directory is opened.
  const request = adminRequest(command, spec, parsed.values);
  const config = configFromEnvironment();
  const accountId = request.accountId ?? config.accountId;
  // Always the data directory, also where OPENKMS_DEV is set: admin changes what a server serves.
  const storage = await openStorage(storageSettings({ kind: 'sqlite', dataDir: stringValue(parsed.values, 'data-dir') ?? config.dataDir }));
  storage.importTokens.destroy(); // admin issues no import tokens: forgotten at once (again, harmlessly, on close)
  try {
    const result = await request.run(storage.store, accountId);
    io.out(JSON.stringify(result ?? {}, null, 2) + '\n');
    return 0;
  } finally {
    await storage.close();
  }
}

interface AdminRequest {
  accountId: string | undefined;
  run(store: Store, accountId: string): Promise<unknown>;
}

/** The subcommand with its required options present, its values checked and its documents read. */
function adminRequest(command: string, spec: CommandSpec, values: OptionValues): AdminRequest {
  const need = (name: string) => {
    const value = stringValue(values, name);
    if (value === undefined) throw new UsageError(`${spec.name}: --${name} is required`, spec.usage);
    return value;
  };
  const accountIdText = stringValue(values, 'account-id');
  if (accountIdText !== undefined && !/^\d{12}$/.test(accountIdText)) {
    throw new UsageError(`${spec.name}: --account-id takes a 12-digit AWS account id: '${accountIdText}'`);
  }
  const request = (run: AdminRequest['run']): AdminRequest => ({ accountId: accountIdText, run });
  const now = new Date();
  switch (command) {
    case 'create-account':
      return request(async (store, accountId) => {
        await createAccount(store, accountId);
        return { Account: accountId };
      });
    case 'create-user': {
      const userName = need('user-name');
      return request(async (store, accountId) => {
        const created = await createUser(store, accountId, userName);
        return { User: { UserName: created.name, UserId: created.principalId, Arn: created.arn } };
      });
    }
    case 'create-role': {
      const [roleName, document] = [need('role-name'), readDocument(need('assume-role-policy-document'))];
      const durationText = stringValue(values, 'max-session-duration');
      if (durationText !== undefined && !/^\d{1,10}$/.test(durationText)) {
        throw new UsageError(`${spec.name}: --max-session-duration takes a number of seconds: '${durationText}'`);
      }
      const duration = durationText === undefined ? undefined : Number(durationText);
      return request(async (store, accountId) => {
        const created = await createRole(store, accountId, roleName, document, duration);
        return { Role: { RoleName: created.name, RoleId: created.principalId, Arn: created.arn } };
      });
    }
    case 'update-assume-role-policy': {
      const [roleName, document] = [need('role-name'), readDocument(need('policy-document'))];
      return request((store, accountId) => updateAssumeRolePolicy(store, roleArn(accountId, roleName), document));
    }
    case 'create-access-key': {
      const userName = stringValue(values, 'user-name');
      const root = values.root === true;
      if (root === (userName !== undefined)) throw new UsageError(`${spec.name}: give either --user-name NAME or --root`, spec.usage);
      return request(async (store, accountId) => {
        const principal = root ? rootArn(accountId) : userArn(accountId, userName!);
        const key = await createAccessKey(store, principal, now);
        return { AccessKey: { Arn: principal, AccessKeyId: key.accessKeyId, SecretAccessKey: key.secretAccessKey, Status: 'Active' } };
      });
    }
    case 'delete-access-key': {
      const accessKeyId = need('access-key-id');
      return request((store) => deleteAccessKey(store, accessKeyId));
    }
    case 'put-user-policy':
    case 'put-role-policy': {
      const principal = principalOf(command === 'put-user-policy', need);
      const [policyName, document] = [need('policy-name'), readDocument(need('policy-document'))];
      return request((store, accountId) => putIdentityPolicy(store, principal(accountId), policyName, document));
    }
    case 'delete-user-policy':
    case 'delete-role-policy': {
      const principal = principalOf(command === 'delete-user-policy', need);
      const policyName = need('policy-name');
      return request((store, accountId) => deleteIdentityPolicy(store, principal(accountId), policyName));
    }
    case 'list':
      return request(async (store) => ({ Accounts: await listPrincipals(store, now, accountIdText) }));
    default:
      throw new UsageError(`openkms admin: unknown command '${command}'`, ADMIN_HELP);
  }
}

/** The user (--user-name) or role (--role-name) whose identity policy a command changes, in the account it runs for. */
function principalOf(isUser: boolean, need: (name: string) => string): (accountId: string) => string {
  const name = need(isUser ? 'user-name' : 'role-name');
  return (accountId) => (isUser ? userArn(accountId, name) : roleArn(accountId, name));
}

/** `file://PATH` reads the document from a file, as the aws CLI does; anything else is the document itself. */
function readDocument(value: string): string {
  if (!value.startsWith('file://')) return value;
  const path = value.slice('file://'.length);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the policy document ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
