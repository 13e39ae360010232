// The bootstrap administrator may do anything IAM allows: on first start (and once on a store made before identity
// policies existed) it gets an inline identity policy allowing every action, as an AWS administrator would have.

import { ADMINISTRATOR_POLICY } from '../authz/identity-policies.js';
import type { Store } from '../storage/repository.js';

export const ADMINISTRATOR_POLICY_NAME = 'AdministratorAccess';

/** Attaches the policy once per administrator; an operator who later removes it is not overruled at the next start. */
export async function ensureAdministratorPolicy(store: Store, adminArn: string): Promise<void> {
  const setting = `bootstrap.administratorPolicy:${adminArn}`;
  if ((await store.getSetting(setting)) !== undefined) return;
  await store.write(async (tx) => {
    if (await tx.getPrincipal(adminArn)) {
      await tx.putIdentityPolicy({ principalArn: adminArn, policyName: ADMINISTRATOR_POLICY_NAME, document: ADMINISTRATOR_POLICY });
    }
    await tx.putSetting(setting, 'attached');
  });
}
