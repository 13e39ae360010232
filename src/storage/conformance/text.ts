// Conformance of text: whatever a string may hold (U+0000 and other control characters, backslashes, characters
// outside the Basic Multilingual Plane) is read back exactly as it was stored, and lookups by such a value find it.
// SQLite accepts every such string; a database whose text refuses some (PostgreSQL refuses U+0000) must encode them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, auditRow, SCOPE, testKey } from './fixtures.js';
import type { UseStore } from './store-backend.js';

const AWKWARD = 'nul\u0000 \u0001marker \\0 back\\slash \u0007bell 😀 end';

export function textConformance(use: UseStore): void {
  test('strings holding U+0000, control characters and backslashes are read back as stored and found by value', () =>
    use(async (store) => {
      const arn = `arn:aws:iam::111122223333:user/${AWKWARD}`;
      await store.write(async (tx) => {
        await tx.putKey(testKey('k1', SCOPE, { description: AWKWARD }));
        await tx.putSetting(AWKWARD, AWKWARD);
        await tx.putPrincipal({ accountId: SCOPE.accountId, arn, kind: 'user', name: AWKWARD, principalId: 'AIDAAWKWARD' });
        await tx.putIdentityPolicy({ principalArn: arn, policyName: AWKWARD, document: AWKWARD });
        await tx.putAccessKey({ accessKeyId: 'AKIAAWKWARD', secretAccessKey: AWKWARD, principalArn: arn, createdAt: at(1), sessionName: AWKWARD });
        await tx.appendAuditEvents([{ ...auditRow(SCOPE, 'k1', 1), username: AWKWARD }]);
      });
      assert.equal((await store.getKey(SCOPE, 'k1'))?.description, AWKWARD);
      assert.equal(await store.getSetting(AWKWARD), AWKWARD);
      assert.equal((await store.getPrincipal(arn))?.name, AWKWARD);
      assert.deepEqual(await store.listIdentityPolicies(arn), [{ principalArn: arn, policyName: AWKWARD, document: AWKWARD }]);
      const accessKey = await store.getAccessKey('AKIAAWKWARD');
      assert.deepEqual([accessKey?.secretAccessKey, accessKey?.sessionName], [AWKWARD, AWKWARD]);
      const events = await store.queryAuditEvents({ ...SCOPE, attribute: { name: 'username', value: AWKWARD }, limit: 10 });
      assert.deepEqual(events.map((e) => e.username), [AWKWARD]);
    }));
}
