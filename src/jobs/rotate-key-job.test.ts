// The automatic RotateKey job and the rotation it shares with RotateKeyOnDemand, against an in-memory SQLite store:
// material states, the rotation listener (the audit trail's hook), and what a due job does to keys it must not rotate.

import { after, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import type { RotationType } from '../api/model.generated.js';
import type { KmsKey } from '../domain/kms-key.js';
import { testKey } from '../domain/kms-key.test-helper.js';
import { KeyStores } from '../keystore/key-stores.js';
import { KeyMaterialService } from '../keystore/local/key-material-service.js';
import { LocalKeyStore } from '../keystore/local/local-key-store.js';
import { rotateKeyMaterial } from '../keystore/rotate-key-material.js';
import type { JobRecord } from '../storage/repository.js';
import { Sealer } from '../crypto/sealer.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { MISSED_ROTATION_RECHECK_MS, rotateKeyJob } from './rotate-key-job.js';

const scope = { accountId: '111122223333', region: 'us-east-1' };
const DAY_MS = 86_400_000;
const enabledAt = new Date('2025-01-01T00:00:00Z');
const dueAt = new Date(enabledAt.getTime() + 90 * DAY_MS);

interface Rotation {
  keyId: string;
  previous: string | undefined;
  current: string;
  rotationType: RotationType;
  rotationDate: Date;
}

let store: SqliteStore;
let keyMaterial: KeyMaterialService;
let heard: Rotation[];
const listener = async (key: KmsKey, previous: string | undefined, current: string, rotationType: RotationType, _tx: unknown, rotationDate: Date) => {
  heard.push({ keyId: key.keyId, previous, current, rotationType, rotationDate });
};

beforeEach(async () => {
  await store?.close();
  store = new SqliteStore(':memory:', new Sealer(randomBytes(32)));
  keyMaterial = new KeyMaterialService();
  heard = [];
});
after(() => store.close());

/** A symmetric AWS_KMS key with automatic rotation every 90 days, due at `dueAt`, and its RotateKey job. */
async function keyWithRotation(overrides: Partial<KmsKey> = {}): Promise<KmsKey> {
  const keyId = randomUUID();
  const material = await keyMaterial.generate(keyId, 'SYMMETRIC_DEFAULT', new Date(0));
  const key = testKey({
    ...scope,
    keyId,
    currentKeyMaterialId: material.keyMaterialId,
    rotation: { enabled: true, periodInDays: 90, nextRotationDate: dueAt },
    ...overrides,
  });
  await store.write(async (tx) => {
    await tx.putKey(key);
    await tx.putKeyMaterial(key, keyId, material);
    await tx.addJob({ kind: 'RotateKey', ...scope, keyId, dueAt });
  });
  return key;
}

/** Runs the due jobs as the JobRunner does: each job's work and its removal in one transaction. */
async function runJobsAt(now: Date): Promise<JobRecord[]> {
  const due = await store.dueJobs(now, 100);
  const handler = rotateKeyJob(new KeyStores(new LocalKeyStore(store, keyMaterial)), listener);
  for (const job of due) {
    await store.write(async (tx) => {
      await handler(job, tx, now);
      await tx.deleteJob(job.id!);
    });
  }
  return due;
}

async function rotateKeyJobs(): Promise<Date[]> {
  return (await store.dueJobs(new Date(8.64e15), 100)).filter((job) => job.kind === 'RotateKey').map((job) => job.dueAt);
}

describe('rotateKeyMaterial', () => {
  test('the new material becomes CURRENT with its rotation date and type, the old one NON_CURRENT, and the listener hears it', async () => {
    const key = await keyWithRotation();
    const first = key.currentKeyMaterialId!;
    const material = await keyMaterial.generate(key.keyId, key.keySpec, dueAt);
    const when = new Date(dueAt.getTime() - DAY_MS);
    await store.write(async (tx) => {
      await rotateKeyMaterial(tx, key, material, 'ON_DEMAND', when, listener);
      await tx.putKey(key);
    });
    assert.equal(key.currentKeyMaterialId, material.keyMaterialId);
    const stored = await store.getKeyMaterials(key, key.keyId);
    assert.deepEqual(
      stored.map((m) => [m.keyMaterialId, m.state, m.rotationType, m.rotationDate?.getTime()]),
      [
        [first, 'NON_CURRENT', undefined, undefined],
        [material.keyMaterialId, 'CURRENT', 'ON_DEMAND', when.getTime()],
      ],
    );
    // The old material is kept, whole, for decryption.
    assert.equal(stored[0]!.material!.length, 32);
    assert.deepEqual(heard, [{ keyId: key.keyId, previous: first, current: material.keyMaterialId, rotationType: 'ON_DEMAND', rotationDate: when }]);
  });
});

describe('rotateKeyJob', () => {
  test('a due Enabled key rotates (AUTOMATIC) and gets its next job one period later', async () => {
    const key = await keyWithRotation();
    assert.equal((await runJobsAt(new Date(dueAt.getTime() - 1))).length, 0);
    await runJobsAt(dueAt);
    const after = (await store.getKey(scope, key.keyId))!;
    assert.notEqual(after.currentKeyMaterialId, key.currentKeyMaterialId);
    const next = new Date(dueAt.getTime() + 90 * DAY_MS);
    assert.deepEqual(after.rotation.nextRotationDate, next);
    assert.deepEqual(await rotateKeyJobs(), [next]);
    assert.deepEqual(heard, [
      { keyId: key.keyId, previous: key.currentKeyMaterialId, current: after.currentKeyMaterialId!, rotationType: 'AUTOMATIC', rotationDate: dueAt },
    ]);
  });

  for (const keyState of ['Disabled', 'PendingDeletion'] as const) {
    test(`a due ${keyState} key does not rotate; NextRotationDate stays past and the job looks again an hour later`, async () => {
      const key = await keyWithRotation({ keyState });
      await runJobsAt(dueAt);
      const after = (await store.getKey(scope, key.keyId))!;
      assert.equal(after.currentKeyMaterialId, key.currentKeyMaterialId);
      assert.deepEqual(after.rotation.nextRotationDate, dueAt);
      assert.deepEqual(await rotateKeyJobs(), [new Date(dueAt.getTime() + MISSED_ROTATION_RECHECK_MS)]);
      assert.deepEqual(heard, []);
    });
  }

  test('a key whose rotation was disabled, or that was deleted, ends its job', async () => {
    const disabled = await keyWithRotation({ rotation: { enabled: false } });
    const deleted = await keyWithRotation();
    await store.write(async (tx) => tx.deleteKey(scope, deleted.keyId));
    assert.equal((await runJobsAt(dueAt)).length, 2);
    assert.deepEqual(await rotateKeyJobs(), []);
    assert.equal((await store.getKey(scope, disabled.keyId))!.currentKeyMaterialId, disabled.currentKeyMaterialId);
    assert.deepEqual(heard, []);
  });

  test("a job that fires before the key is due (its schedule moved) waits for the key's own date", async () => {
    const later = new Date(dueAt.getTime() + 10 * DAY_MS);
    const key = await keyWithRotation({ rotation: { enabled: true, periodInDays: 100, nextRotationDate: later } });
    await runJobsAt(dueAt);
    assert.equal((await store.getKey(scope, key.keyId))!.currentKeyMaterialId, key.currentKeyMaterialId);
    assert.deepEqual(await rotateKeyJobs(), [later]);
  });
});
