// The store conformance suite on PostgreSQL: each store in a schema of its own, dropped afterwards, and scanned as
// every column of every table of that schema.

import { before } from 'node:test';
import type { Store } from '../repository.js';
import { storeConformance } from '../store-conformance.js';
import { PgStore } from './pg-store.js';
import { assertPostgresReachable, dropSchema, findBytesInSchema, TEST_POSTGRES_URL, testSchemaName } from './pg-test-database.test-helper.js';

before(assertPostgresReachable);

const schemas = new WeakMap<Store, string>();

storeConformance('PostgreSQL', {
  async open(sealer) {
    const schema = testSchemaName();
    const store = await PgStore.open({ connectionString: TEST_POSTGRES_URL, schema, maxConnections: 4 }, sealer);
    schemas.set(store, schema);
    return store;
  },
  async cleanup(store) {
    await store.close();
    await dropSchema(schemas.get(store)!);
  },
  auditLogReader: (store) => (store as PgStore).auditLogReader(),
  findBytes: (store, needles) => findBytesInSchema(schemas.get(store)!, needles),
});
