// Key rotation through the real AWS SDK: EnableKeyRotation/DisableKeyRotation/GetKeyRotationStatus with every field,
// RotateKeyOnDemand and its quota, ListKeyRotations, the key types and states that refuse rotation, and automatic
// rotation fired by the persisted RotateKey job with an injected clock, across a restart (docs/kms-behaviour.md 1.4, 5).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeyRotationsCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  type CreateKeyCommandInput,
} from '@aws-sdk/client-kms';
import {
  ADMIN_ACCESS_KEY_ID,
  ADMIN_SECRET_ACCESS_KEY,
  awsError,
  ManualClock,
  serveForSuite,
  startTestServer,
  TEST_ACCOUNT,
  TEST_REGION,
  type TestServer,
} from '../support/test-server.js';
import { signedPost } from '../support/authorization-fixture.js';

const DAY_MS = 86_400_000;

let t: TestServer;
/** A client signing with the clock's current time; the tests that move the clock make a fresh one after each move. */
let kms: KMSClient;
const clock = new ManualClock();
const { advanceDays } = serveForSuite({ clock }, (server, admin) => {
  t = server;
  kms = admin;
});

async function newKey(input: CreateKeyCommandInput = {}) {
  return (await kms.send(new CreateKeyCommand(input))).KeyMetadata!;
}

async function currentKeyMaterialId(keyId: string): Promise<string> {
  return (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.CurrentKeyMaterialId!;
}

async function status(keyId: string) {
  const { $metadata: _, ...fields } = await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
  return fields;
}

async function rotations(keyId: string, IncludeKeyMaterial?: 'ALL_KEY_MATERIAL' | 'ROTATIONS_ONLY') {
  return (await kms.send(new ListKeyRotationsCommand({ KeyId: keyId, IncludeKeyMaterial }))).Rotations!;
}

describe('EnableKeyRotation, DisableKeyRotation and GetKeyRotationStatus', () => {
  test('a new key does not rotate: the status is only KeyId (the ARN) and KeyRotationEnabled=false', async () => {
    const key = await newKey();
    assert.deepEqual(await status(key.KeyId!), { KeyId: key.Arn, KeyRotationEnabled: false });
  });

  test('enabling without a period rotates every 365 days, the first rotation 365 days from now', async () => {
    const key = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
    assert.deepEqual(await status(key.Arn!), {
      KeyId: key.Arn,
      KeyRotationEnabled: true,
      RotationPeriodInDays: 365,
      NextRotationDate: new Date(clock.now().getTime() + 365 * DAY_MS),
    });
  });

  test('enabling again changes the period and counts the next rotation from the new call', async () => {
    const key = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
    advanceDays(10);
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.Arn, RotationPeriodInDays: 90 }));
    const now = clock.now().getTime();
    assert.deepEqual(await status(key.KeyId!), {
      KeyId: key.Arn,
      KeyRotationEnabled: true,
      RotationPeriodInDays: 90,
      NextRotationDate: new Date(now + 90 * DAY_MS),
    });
  });

  test('disabling keeps the current key material and answers only {KeyId, KeyRotationEnabled: false}', async () => {
    const key = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 2560 }));
    await kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId }));
    assert.deepEqual(await status(key.KeyId!), { KeyId: key.Arn, KeyRotationEnabled: false });
    assert.equal(await currentKeyMaterialId(key.KeyId!), key.CurrentKeyMaterialId);
    // Re-enabling without a period starts again from the default.
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
    assert.equal((await status(key.KeyId!)).RotationPeriodInDays, 365);
  });

  for (const period of [89, 2561]) {
    test(`RotationPeriodInDays ${period} is outside 90-2560: ValidationException, and nothing changes`, async () => {
      const key = await newKey();
      const error = await awsError(kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: period })));
      assert.equal(error.name, 'ValidationException');
      assert.match(error.message, new RegExp(`Value '${period}' at 'rotationPeriodInDays' failed to satisfy constraint`));
      assert.deepEqual(await status(key.KeyId!), { KeyId: key.Arn, KeyRotationEnabled: false });
    });
  }

  test('the rotation operations accept a key id or key ARN, not an alias', async () => {
    const error = await awsError(kms.send(new GetKeyRotationStatusCommand({ KeyId: 'alias/some-alias' })));
    assert.equal(error.name, 'NotFoundException');
    assert.equal(error.message, "Invalid keyId 'alias/some-alias'");
  });
});

describe('RotateKeyOnDemand and ListKeyRotations', () => {
  test('an on-demand rotation makes new current material at once; ListKeyRotations lists each rotation', async () => {
    const key = await newKey();
    const first = key.CurrentKeyMaterialId!;
    assert.deepEqual(await rotations(key.KeyId!), []);

    const response = await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    assert.equal(response.KeyId, key.Arn);
    const second = await currentKeyMaterialId(key.KeyId!);
    assert.match(second, /^[0-9a-f]{64}$/);
    assert.notEqual(second, first);
    const rotationDate = clock.now();
    assert.deepEqual(await rotations(key.KeyId!), [
      { KeyId: key.Arn, KeyMaterialId: second, KeyMaterialState: 'CURRENT', RotationDate: rotationDate, RotationType: 'ON_DEMAND' },
    ]);

    await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.Arn }));
    const third = await currentKeyMaterialId(key.KeyId!);
    assert.deepEqual(await rotations(key.KeyId!, 'ROTATIONS_ONLY'), [
      { KeyId: key.Arn, KeyMaterialId: second, KeyMaterialState: 'NON_CURRENT', RotationDate: rotationDate, RotationType: 'ON_DEMAND' },
      { KeyId: key.Arn, KeyMaterialId: third, KeyMaterialState: 'CURRENT', RotationDate: rotationDate, RotationType: 'ON_DEMAND' },
    ]);
    // ALL_KEY_MATERIAL adds the first material, which no rotation made: no RotationDate or RotationType.
    const all = await rotations(key.KeyId!, 'ALL_KEY_MATERIAL');
    assert.deepEqual(all[0], { KeyId: key.Arn, KeyMaterialId: first, KeyMaterialState: 'NON_CURRENT' });
    assert.deepEqual(all.map((entry) => entry.KeyMaterialId), [first, second, third]);
  });

  test('an on-demand rotation does not change the automatic schedule', async () => {
    const key = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 730 }));
    const before = await status(key.KeyId!);
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    assert.deepEqual(await status(key.KeyId!), before);
  });

  test('25 on-demand rotations per key; the 26th is LimitExceededException and changes nothing', async () => {
    const key = await newKey();
    for (let i = 0; i < 25; i++) await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    const current = await currentKeyMaterialId(key.KeyId!);
    const error = await awsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })));
    assert.equal(error.name, 'LimitExceededException');
    assert.equal(
      error.message,
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.Arn}`,
    );
    assert.equal(await currentKeyMaterialId(key.KeyId!), current);

    // ListKeyRotations pages through the 25 entries with Limit and Marker.
    const seen: string[] = [];
    let Marker: string | undefined;
    let pages = 0;
    do {
      const page = await kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId, Limit: 10, Marker }));
      pages++;
      seen.push(...page.Rotations!.map((entry) => entry.KeyMaterialId!));
      assert.equal(page.Truncated, page.NextMarker !== undefined);
      Marker = page.NextMarker;
    } while (Marker);
    assert.equal(pages, 3);
    assert.equal(seen.length, 25);
    assert.equal(new Set(seen).size, 25);
    assert.equal(seen[24], current);
  });

  test('a malformed Marker is InvalidMarkerException', async () => {
    const key = await newKey();
    const error = await awsError(kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId, Marker: 'not-a-marker' })));
    assert.deepEqual(error, {
      name: 'InvalidMarkerException',
      message: 'The request was rejected because the marker that specifies where pagination should next begin is not valid.',
      status: 400,
    });
  });

  test('RotateKeyOnDemand is ConflictException while an automatic rotation is due within 20 minutes', async () => {
    const key = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 90 }));
    advanceDays(90 - 10 / (24 * 60)); // ten minutes before the automatic rotation
    const error = await awsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })));
    assert.equal(error.name, 'ConflictException');
    assert.equal(await currentKeyMaterialId(key.KeyId!), key.CurrentKeyMaterialId);
  });

  test('a ciphertext made before rotations still decrypts after them; new ciphertexts use the new material', async () => {
    const key = await newKey();
    const plaintext = Buffer.from('rotated but readable');
    const before = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext }));
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    await kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    const old = await kms.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }));
    assert.deepEqual(Buffer.from(old.Plaintext!), plaintext);
    assert.equal(old.KeyMaterialId, key.CurrentKeyMaterialId);
    const fresh = await kms.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: plaintext }));
    const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: fresh.CiphertextBlob }));
    assert.deepEqual(Buffer.from(decrypted.Plaintext!), plaintext);
    assert.equal(decrypted.KeyMaterialId, await currentKeyMaterialId(key.KeyId!));
  });
});

describe('keys that cannot rotate', () => {
  const specs = [
    ['RSA_2048', 'ENCRYPT_DECRYPT'],
    ['ECC_NIST_P256', 'SIGN_VERIFY'],
    ['HMAC_256', 'GENERATE_VERIFY_MAC'],
  ] as const;
  for (const [KeySpec, KeyUsage] of specs) {
    test(`${KeySpec}: UnsupportedOperationException from every rotation operation but GetKeyRotationStatus (always false)`, async () => {
      const key = await newKey({ KeySpec, KeyUsage });
      for (const command of [
        new EnableKeyRotationCommand({ KeyId: key.KeyId }),
        new DisableKeyRotationCommand({ KeyId: key.KeyId }),
        new ListKeyRotationsCommand({ KeyId: key.KeyId }),
      ]) {
        const error = await awsError(kms.send(command as never));
        assert.equal(error.name, 'UnsupportedOperationException', command.constructor.name);
        assert.equal(
          error.message,
          'You cannot perform this operation on a non-symmetric key or a key with non-ENCRYPT_DECRYPT key usage.',
        );
      }
      // RotateKeyOnDemand answers with no message at all, as observed on AWS.
      const response = await fetchRaw('RotateKeyOnDemand', { KeyId: key.KeyId });
      assert.deepEqual(response, { status: 400, body: { __type: 'UnsupportedOperationException' } });
      assert.deepEqual(await status(key.KeyId!), { KeyId: key.Arn, KeyRotationEnabled: false });
    });
  }

  test('an EXTERNAL key pending import: footnote 6 for rotation settings, pending import for RotateKeyOnDemand', async () => {
    const key = await newKey({ Origin: 'EXTERNAL' });
    const origin = `${key.Arn} origin is EXTERNAL which is not valid for this operation.`;
    for (const command of [new EnableKeyRotationCommand({ KeyId: key.KeyId }), new GetKeyRotationStatusCommand({ KeyId: key.KeyId })]) {
      const error = await awsError(kms.send(command as never));
      assert.deepEqual([error.name, error.message], ['UnsupportedOperationException', origin]);
    }
    const error = await awsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })));
    assert.deepEqual([error.name, error.message], ['KMSInvalidStateException', `${key.Arn} is pending import.`]);
    assert.deepEqual(await rotations(key.KeyId!, 'ALL_KEY_MATERIAL'), []);
  });

  test('an Enabled EXTERNAL key: footnote 6 from Enable/DisableKeyRotation, no material pending rotation on demand', async () => {
    const key = await newKey({ Origin: 'EXTERNAL' });
    // ImportKeyMaterial is another engineer's; until it lands, put the key in the state an import leaves it in.
    await t.server.store.write(async (tx) => {
      const stored = (await tx.getKey({ accountId: TEST_ACCOUNT, region: TEST_REGION }, key.KeyId!))!;
      stored.keyState = 'Enabled';
      stored.expirationModel = 'KEY_MATERIAL_DOES_NOT_EXPIRE';
      await tx.putKey(stored);
    });
    const origin = `${key.Arn} origin is EXTERNAL which is not valid for this operation.`;
    for (const command of [new EnableKeyRotationCommand({ KeyId: key.KeyId }), new DisableKeyRotationCommand({ KeyId: key.KeyId })]) {
      const error = await awsError(kms.send(command as never));
      assert.deepEqual([error.name, error.message], ['UnsupportedOperationException', origin]);
    }
    const error = await awsError(kms.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId })));
    assert.deepEqual(
      [error.name, error.message],
      ['KMSInvalidStateException', `No available key material pending rotation for the key: ${key.Arn}.`],
    );
    assert.deepEqual(await status(key.KeyId!), { KeyId: key.Arn, KeyRotationEnabled: false });
  });
});

describe('key states', () => {
  test('a Disabled key: rotation settings and RotateKeyOnDemand are DisabledException; the status still reads', async () => {
    const key = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
    const before = await status(key.KeyId!);
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    for (const command of [
      new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 100 }),
      new DisableKeyRotationCommand({ KeyId: key.KeyId }),
      new RotateKeyOnDemandCommand({ KeyId: key.KeyId }),
    ]) {
      const error = await awsError(kms.send(command as never));
      assert.deepEqual([error.name, error.message], ['DisabledException', `${key.Arn} is disabled.`]);
    }
    assert.deepEqual(await status(key.KeyId!), before);
    assert.equal(await currentKeyMaterialId(key.KeyId!), key.CurrentKeyMaterialId);
  });

  test('PendingDeletion: KMSInvalidStateException, status false; cancelling restores the setting', async () => {
    const key = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 180 }));
    const enabled = await status(key.KeyId!);
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    for (const command of [
      new EnableKeyRotationCommand({ KeyId: key.KeyId }),
      new DisableKeyRotationCommand({ KeyId: key.KeyId }),
      new RotateKeyOnDemandCommand({ KeyId: key.KeyId }),
    ]) {
      const error = await awsError(kms.send(command as never));
      assert.deepEqual([error.name, error.message], ['KMSInvalidStateException', `${key.Arn} is pending deletion.`]);
    }
    assert.deepEqual(await status(key.KeyId!), { KeyId: key.Arn, KeyRotationEnabled: false });
    assert.deepEqual(await rotations(key.KeyId!), []);
    await kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId }));
    assert.deepEqual(await status(key.KeyId!), enabled);
  });
});

describe('automatic rotation', () => {
  test('the RotateKey job rotates when NextRotationDate arrives, then schedules the next one a period later', async () => {
    const key = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId }));
    advanceDays(364);
    await t.server.jobs.runDue();
    assert.equal(await currentKeyMaterialId(key.KeyId!), key.CurrentKeyMaterialId);

    advanceDays(1);
    await t.server.jobs.runDue();
    const rotated = await currentKeyMaterialId(key.KeyId!);
    assert.notEqual(rotated, key.CurrentKeyMaterialId);
    const now = clock.now();
    assert.deepEqual(await rotations(key.KeyId!), [
      { KeyId: key.Arn, KeyMaterialId: rotated, KeyMaterialState: 'CURRENT', RotationDate: now, RotationType: 'AUTOMATIC' },
    ]);
    assert.deepEqual((await status(key.KeyId!)).NextRotationDate, new Date(now.getTime() + 365 * DAY_MS));

    advanceDays(365);
    await t.server.jobs.runDue();
    assert.equal((await rotations(key.KeyId!)).length, 2);
  });

  test('no rotation after DisableKeyRotation', async () => {
    const key = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 90 }));
    await kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId }));
    advanceDays(91);
    await t.server.jobs.runDue();
    assert.equal(await currentKeyMaterialId(key.KeyId!), key.CurrentKeyMaterialId);
    assert.deepEqual(await rotations(key.KeyId!), []);
  });

  test('a rotation missed while the key was Disabled happens once it is Enabled again', async () => {
    const key = await newKey();
    await kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 90 }));
    const scheduled = (await status(key.KeyId!)).NextRotationDate!;
    await kms.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    advanceDays(100);
    await t.server.jobs.runDue();
    assert.equal(await currentKeyMaterialId(key.KeyId!), key.CurrentKeyMaterialId);
    assert.deepEqual((await status(key.KeyId!)).NextRotationDate, scheduled);

    await kms.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    advanceDays(1 / 24); // the job looks at a key with a missed rotation again every hour
    await t.server.jobs.runDue();
    const now = clock.now();
    assert.notEqual(await currentKeyMaterialId(key.KeyId!), key.CurrentKeyMaterialId);
    assert.equal((await rotations(key.KeyId!))[0]?.RotationType, 'AUTOMATIC');
    assert.deepEqual((await status(key.KeyId!)).NextRotationDate, new Date(now.getTime() + 90 * DAY_MS));
  });

  test('the schedule survives a restart and the rotation still fires', async () => {
    const restartClock = new ManualClock();
    const first = await startTestServer({ clock: restartClock });
    const key = (await first.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await first.kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 90 }));
    await first.stop();

    restartClock.advanceDays(90);
    const second = await startTestServer({ clock: restartClock, dataDir: first.dataDir });
    try {
      assert.equal(await second.server.jobs.runDue(), 1);
      const described = await second.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId }));
      assert.notEqual(described.KeyMetadata!.CurrentKeyMaterialId, key.CurrentKeyMaterialId);
      const listed = await second.kms.send(new ListKeyRotationsCommand({ KeyId: key.KeyId }));
      assert.equal(listed.Rotations![0]?.RotationType, 'AUTOMATIC');
    } finally {
      await second.cleanup();
    }
  });
});

/** A raw signed call, to see the exact error body (the SDK fills in a message when AWS sends none). */
async function fetchRaw(operation: string, input: object): Promise<{ status: number; body: unknown }> {
  const admin = { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY };
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${operation}` };
  const response = await signedPost(t.server.url, admin, 'kms', headers, JSON.stringify(input), clock.now());
  return { status: response.status, body: response.json };
}
