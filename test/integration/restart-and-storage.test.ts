// Durability and sealing: keys, aliases and a pending deletion survive a restart on the same data directory, the
// deletion fires when its date passes (by the persisted job, with an injected clock), and no file in the data
// directory holds raw key material.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  ListAliasesCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { awsError, ManualClock, startTestServer } from '../support/test-server.js';
import { generateKeyMaterial } from '../../src/crypto/key-material.js';

describe('restart', () => {
  test('keys, aliases and a pending deletion survive a restart, and the deletion still fires', async () => {
    const clock = new ManualClock();
    const first = await startTestServer({ clock });
    const kept = (await first.kms.send(new CreateKeyCommand({ Description: 'kept' }))).KeyMetadata!;
    const doomed = (await first.kms.send(new CreateKeyCommand({ Description: 'doomed' }))).KeyMetadata!;
    await first.kms.send(new CreateAliasCommand({ AliasName: 'alias/kept', TargetKeyId: kept.KeyId }));
    await first.kms.send(new CreateAliasCommand({ AliasName: 'alias/doomed', TargetKeyId: doomed.KeyId }));
    const scheduled = await first.kms.send(new ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId, PendingWindowInDays: 7 }));
    await first.stop();

    const second = await startTestServer({ clock, dataDir: first.dataDir });
    try {
      const keptAgain = (await second.kms.send(new DescribeKeyCommand({ KeyId: 'alias/kept' }))).KeyMetadata!;
      assert.deepEqual(keptAgain, kept);
      const doomedAgain = (await second.kms.send(new DescribeKeyCommand({ KeyId: doomed.KeyId }))).KeyMetadata!;
      assert.equal(doomedAgain.KeyState, 'PendingDeletion');
      assert.deepEqual(doomedAgain.DeletionDate, scheduled.DeletionDate);

      clock.advanceDays(6);
      assert.equal(await second.server.jobs.runDue(), 0);
      const later = second.adminClient();
      assert.equal((await later.send(new DescribeKeyCommand({ KeyId: doomed.KeyId }))).KeyMetadata?.KeyState, 'PendingDeletion');
      later.destroy();
    } finally {
      await second.stop();
    }

    // The deletion date passes while the server is down: the next start deletes the key, its material and its aliases.
    clock.advanceDays(2);
    const third = await startTestServer({ clock, dataDir: first.dataDir });
    try {
      await third.server.jobs.runDue();
      const error = await awsError(third.kms.send(new DescribeKeyCommand({ KeyId: doomed.KeyId })));
      assert.equal(error.name, 'NotFoundException');
      const aliases = (await third.kms.send(new ListAliasesCommand({}))).Aliases!.map((a) => a.AliasName);
      assert.deepEqual(aliases, ['alias/kept']);
      assert.equal((await third.kms.send(new DescribeKeyCommand({ KeyId: kept.KeyId }))).KeyMetadata?.KeyState, 'Enabled');
    } finally {
      await third.cleanup();
    }
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('sealed storage', () => {
  test('the root key and database files are created with mode 0600, and the data directory is private', async () => {
    const t = await startTestServer();
    try {
      assert.equal(statSync(join(t.dataDir, 'root.key')).mode & 0o777, 0o600);
      for (const file of readdirSync(t.dataDir).filter((name) => name.startsWith('openkms.db'))) {
        assert.equal(statSync(join(t.dataDir, file)).mode & 0o777, 0o600, file);
      }
      assert.equal(statSync(t.dataDir).mode & 0o777, 0o700);
    } finally {
      await t.cleanup();
    }
  });

  test('no file in the data directory contains raw key material', async () => {
    const t = await startTestServer();
    try {
      const specs = [
        ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT'],
        ['HMAC_256', 'GENERATE_VERIFY_MAC'],
        ['RSA_2048', 'SIGN_VERIFY'],
        ['ECC_NIST_P256', 'SIGN_VERIFY'],
        ['ECC_NIST_EDWARDS25519', 'SIGN_VERIFY'],
        ['ML_DSA_44', 'SIGN_VERIFY'],
      ] as const;
      const keyIds: { keyId: string; arn: string; spec: string }[] = [];
      for (const [KeySpec, KeyUsage] of specs) {
        const m = (await t.kms.send(new CreateKeyCommand({ KeySpec, KeyUsage }))).KeyMetadata!;
        keyIds.push({ keyId: m.KeyId!, arn: m.Arn!, spec: KeySpec });
      }
      // Read every key's material back through the store (it unseals with the root key) ...
      const materials: Buffer[] = [];
      for (const { keyId } of keyIds) {
        const records = await t.server.store.getKeyMaterials({ accountId: '111122223333', region: 'us-east-1' }, keyId);
        assert.equal(records.length, 1);
        assert.ok(records[0]!.material && records[0]!.material.length >= 32);
        materials.push(records[0]!.material!);
      }
      await t.stop();
      // ... then prove that no 16-byte window of any material occurs in any file on disk (database, WAL, root key).
      const files = filesUnder(t.dataDir).map((path) => readFileSync(path));
      assert.ok(files.length >= 2);
      for (const material of materials) {
        for (let offset = 0; offset + 16 <= material.length; offset += 16) {
          const window = material.subarray(offset, offset + 16);
          for (const file of files) assert.equal(file.indexOf(window), -1, 'raw key material found on disk');
        }
      }
      // The check itself can fail: the same scan finds material that is on disk in clear.
      const probe = await generateKeyMaterial('SYMMETRIC_DEFAULT');
      assert.notEqual(Buffer.concat([files[0]!, probe]).indexOf(probe.subarray(0, 16)), -1);
    } finally {
      await t.cleanup();
    }
  });
});
