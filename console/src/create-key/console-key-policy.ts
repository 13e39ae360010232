// The key policy the AWS console writes for a new key from the wizard's choices: the account's root (so IAM policies
// count), the key administrators, the key users and other accounts, and persistent resources for symmetric encryption
// keys. It differs from CreateKey's own default policy, which names the account only
// (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html).

export interface ConsoleKeyPolicyInput {
  partition: string;
  accountId: string;
  keySpec: string;
  keyUsage: string;
  origin: string;
  administrators: readonly string[];
  allowAdministratorsToDelete: boolean;
  users: readonly string[];
  /** Account ids (12 digits) whose principals may use the key, through their own IAM policies. */
  otherAccounts: readonly string[];
}

const ADMINISTRATOR_ACTIONS = [
  'kms:Create*',
  'kms:Describe*',
  'kms:Enable*',
  'kms:List*',
  'kms:Put*',
  'kms:Update*',
  'kms:Revoke*',
  'kms:Disable*',
  'kms:Get*',
  'kms:Delete*',
  'kms:TagResource',
  'kms:UntagResource',
];

/** What key users may do, by key usage and key spec, as the AWS console grants it. */
export function keyUserActions(keySpec: string, keyUsage: string): string[] {
  if (keyUsage === 'GENERATE_VERIFY_MAC') return ['kms:DescribeKey', 'kms:GenerateMac', 'kms:VerifyMac'];
  if (keyUsage === 'SIGN_VERIFY') return ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:Sign', 'kms:Verify'];
  if (keyUsage === 'KEY_AGREEMENT') return ['kms:DescribeKey', 'kms:GetPublicKey', 'kms:DeriveSharedSecret'];
  if (keySpec === 'SYMMETRIC_DEFAULT') return ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];
  return ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:DescribeKey', 'kms:GetPublicKey'];
}

export function administratorActions(origin: string, allowDeletion: boolean): string[] {
  return [
    ...ADMINISTRATOR_ACTIONS,
    // The guide: "these permissions are added automatically for key administrators when you create a key with an
    // External key material origin" (GetParametersForImport and DeleteImportedKeyMaterial fall under Get* and Delete*).
    ...(origin === 'EXTERNAL' ? ['kms:ImportKeyMaterial'] : []),
    ...(allowDeletion ? ['kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion'] : []),
    'kms:RotateKeyOnDemand',
  ];
}

function principal(arns: readonly string[]): { AWS: string | string[] } {
  return { AWS: arns.length === 1 ? arns[0]! : [...arns] };
}

export function consoleKeyPolicy(input: ConsoleKeyPolicyInput): object {
  const root = `arn:${input.partition}:iam::${input.accountId}:root`;
  const keyUsers = [...input.users, ...input.otherAccounts.map((account) => `arn:${input.partition}:iam::${account}:root`)];
  const statements: object[] = [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' }];
  if (input.administrators.length > 0) {
    statements.push({
      Sid: 'Allow access for Key Administrators',
      Effect: 'Allow',
      Principal: principal(input.administrators),
      Action: administratorActions(input.origin, input.allowAdministratorsToDelete),
      Resource: '*',
    });
  }
  if (keyUsers.length > 0) {
    statements.push({ Sid: 'Allow use of the key', Effect: 'Allow', Principal: principal(keyUsers), Action: keyUserActions(input.keySpec, input.keyUsage), Resource: '*' });
    if (input.keySpec === 'SYMMETRIC_DEFAULT') {
      statements.push({
        Sid: 'Allow attachment of persistent resources',
        Effect: 'Allow',
        Principal: principal(keyUsers),
        Action: ['kms:CreateGrant', 'kms:ListGrants', 'kms:RevokeGrant'],
        Resource: '*',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      });
    }
  }
  return { Id: 'key-consolepolicy-3', Version: '2012-10-17', Statement: statements };
}

/** The principals a policy names in the console's statements, for the key page's default view. */
export function consolePolicyPrincipals(policy: unknown): { administrators: string[]; users: string[] } | undefined {
  if (typeof policy !== 'object' || policy === null) return undefined;
  const statements = (policy as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  const principalsOf = (sid: string): string[] => {
    const statement = list.find((s) => typeof s === 'object' && s !== null && (s as { Sid?: unknown }).Sid === sid) as { Principal?: { AWS?: unknown } } | undefined;
    const aws = statement?.Principal?.AWS;
    return Array.isArray(aws) ? aws.filter((a): a is string => typeof a === 'string') : typeof aws === 'string' ? [aws] : [];
  };
  return { administrators: principalsOf('Allow access for Key Administrators'), users: principalsOf('Allow use of the key') };
}

const ADMINISTRATORS_SID = 'Allow access for Key Administrators';
const USERS_SIDS = ['Allow use of the key', 'Allow attachment of persistent resources'];

/**
 * The key page's default view: the policy with the console's administrators or users statements naming `arns` (made
 * with the console's actions if the policy has none, removed when `arns` is empty); every other statement is kept.
 */
export function withConsolePrincipals(
  policy: unknown,
  role: 'administrators' | 'users',
  arns: readonly string[],
  key: { keySpec: string; keyUsage: string; origin: string },
): object {
  const document = { ...(policy as { Statement?: unknown }) };
  const raw = document.Statement;
  const statements = (Array.isArray(raw) ? raw : raw ? [raw] : []) as { Sid?: string }[];
  const sids = role === 'administrators' ? [ADMINISTRATORS_SID] : key.keySpec === 'SYMMETRIC_DEFAULT' ? USERS_SIDS : USERS_SIDS.slice(0, 1);
  if (arns.length === 0) return { ...document, Statement: statements.filter((s) => !sids.includes(s.Sid ?? '')) };
  // Only the role's statements are taken from the generated policy, so its account and partition do not matter.
  const template = (
    consoleKeyPolicy({
      partition: 'aws',
      accountId: '000000000000',
      ...key,
      administrators: arns,
      allowAdministratorsToDelete: true,
      users: arns,
      otherAccounts: [],
    }) as { Statement: { Sid: string }[] }
  ).Statement;
  const next = [...statements];
  for (const sid of sids) {
    const index = next.findIndex((s) => s.Sid === sid);
    if (index === -1) next.push(template.find((s) => s.Sid === sid)!);
    else next[index] = { ...next[index], Principal: principal(arns) } as { Sid?: string };
  }
  return { ...document, Statement: next };
}
