// IAM refuses a trust policy that names a principal it does not know (MalformedPolicyDocument, `Invalid principal in
// policy`). The IAM API's CreateRole and UpdateAssumeRolePolicy and the principals file (provision/) check it here;
// --dev accepts unknown principals, as it does in key policies (docs/adr/0007-dev-mode.md).

import { principalExists } from '../authz/key-policy-check.js';
import type { PolicyDocument } from '../policy/index.js';
import type { StoreReader } from '../storage/repository.js';

/** The first account or principal ARN a Principal/NotPrincipal of `policy` names that does not exist, if any. */
export async function unknownTrustPrincipal(store: StoreReader, policy: PolicyDocument): Promise<{ account?: string; arn?: string } | undefined> {
  for (const statement of policy.statements) {
    for (const set of [statement.principal, statement.notPrincipal]) {
      if (!set) continue;
      for (const account of set.accounts) if (!(await store.accountExists(account))) return { account };
      for (const arn of set.arns) if (!(await principalExists(store, arn))) return { arn };
    }
  }
  return undefined;
}
