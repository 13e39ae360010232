// The suite every storage backend passes (docs/adr/0010): registers node:test tests of each role of the Store and of
// its transactions, sealing and audit chains against a backend given by its hooks. SQLite runs it in
// sqlite/sqlite-store.conformance.test.ts; a PostgreSQL backend runs the same suite on PostgreSQL.

import { describe } from 'node:test';
import { randomBytes } from 'node:crypto';
import { Sealer } from '../crypto/sealer.js';
import { aliasConformance } from './conformance/aliases.js';
import { auditLogConformance } from './conformance/audit-log.js';
import { customKeyStoreConformance } from './conformance/custom-key-stores.js';
import { grantConformance } from './conformance/grants.js';
import { iamConformance } from './conformance/iam.js';
import { jobConformance } from './conformance/jobs.js';
import { keyConformance } from './conformance/keys.js';
import { sealingConformance } from './conformance/sealing.js';
import type { StoreBackend, UseStore } from './conformance/store-backend.js';
import { textConformance } from './conformance/text.js';
import { transactionConformance } from './conformance/transactions.js';
import { usageConformance } from './conformance/usage.js';

export type { StoreBackend } from './conformance/store-backend.js';

/** Registers the suite under `name`; every test opens a fresh store of `backend` and disposes of it. */
export function storeConformance(name: string, backend: StoreBackend): void {
  const use: UseStore = async (work) => {
    const store = await backend.open(new Sealer(randomBytes(32)));
    try {
      await work(store);
    } finally {
      await backend.cleanup(store);
    }
  };
  describe(`store conformance: ${name}`, () => {
    describe('keys and key materials', () => keyConformance(use));
    describe('aliases', () => aliasConformance(use));
    describe('grants and grant tokens', () => grantConformance(use));
    describe('IAM and settings', () => iamConformance(use));
    describe('jobs', () => jobConformance(use));
    describe('custom key stores', () => customKeyStoreConformance(use, backend));
    describe('key usage', () => usageConformance(use));
    describe('transactions', () => transactionConformance(use, backend));
    describe('the audit log', () => auditLogConformance(use, backend));
    describe('sealing', () => sealingConformance(use, backend));
    describe('text', () => textConformance(use));
  });
}
