// Parses and validates a Principal / NotPrincipal element: `"*"`, `{"AWS": ...}` with account IDs,
// root, user, role and session ARNs, and `Service`/`Federated`/`CanonicalUser` entries (docs/kms-behaviour.md 2.6).

import { MalformedPolicyDocumentException } from '../api/errors.js';
import type { PrincipalSet } from './policy-types.js';

/** [O] docs/kms-behaviour.md Appendix A.1. */
export const INVALID_PRINCIPALS = 'Policy contains a statement with one or more invalid principals.';

const ACCOUNT_ID = /^\d{12}$/;
const ROOT_ARN = /^arn:[a-z][a-z0-9-]*:iam::(\d{12}):root$/;
// IAM names: letters, digits and +=,.@_- ; paths between slashes. Wildcards are not allowed in principals.
const NAME = "[\\w+=,.@-]+";
const IDENTITY_ARNS = [
  new RegExp(`^arn:[a-z][a-z0-9-]*:iam::\\d{12}:(?:user|role)/(?:[\\x21-\\x7e]*/)?${NAME}$`),
  new RegExp(`^arn:[a-z][a-z0-9-]*:sts::\\d{12}:assumed-role/${NAME}/${NAME}$`),
  new RegExp(`^arn:[a-z][a-z0-9-]*:sts::\\d{12}:federated-user/${NAME}$`),
];
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

export type PrincipalExists = (arnOrAccountId: string) => boolean;

const invalid = (): MalformedPolicyDocumentException => new MalformedPolicyDocumentException(INVALID_PRINCIPALS);

function stringList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  for (const item of list) if (typeof item !== 'string' || item.trim() === '') throw invalid();
  return list as string[];
}

/**
 * Normalises one `AWS` principal into the set. An account is the same principal whether written
 * as its ID or as its root ARN; other ARNs are kept as written.
 */
function addAwsPrincipal(value: string, set: { everyone: boolean; accounts: string[]; arns: string[] }, exists?: PrincipalExists): void {
  if (value === '*') {
    set.everyone = true;
    return;
  }
  if (value.includes('*') || value.includes('?')) throw invalid();
  const root = ROOT_ARN.exec(value);
  if (ACCOUNT_ID.test(value) || root) {
    if (exists && !exists(value)) throw invalid();
    set.accounts.push(root ? root[1] : value);
    return;
  }
  if (!IDENTITY_ARNS.some((re) => re.test(value))) throw invalid();
  if (exists && !exists(value)) throw invalid();
  set.arns.push(value);
}

export function parsePrincipal(value: unknown, exists?: PrincipalExists): PrincipalSet {
  if (value === '*') return { everyone: true, accounts: [], arns: [], others: [] };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid();
  const set = { everyone: false, accounts: [] as string[], arns: [] as string[], others: [] as string[] };
  let count = 0;
  for (const [type, entry] of Object.entries(value)) {
    if (!PRINCIPAL_TYPES.has(type)) throw invalid();
    const values = stringList(entry);
    count += values.length;
    if (type === 'AWS') for (const v of values) addAwsPrincipal(v, set, exists);
    else set.others.push(...values.map((v) => `${type}:${v}`));
  }
  // A statement must name at least one principal.
  if (count === 0) throw invalid();
  return set;
}
