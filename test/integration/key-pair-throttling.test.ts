// Key-pair generation under a burst, through the real AWS SDK: RSA generations beyond the limits answer
// ThrottlingException "Rate exceeded" (HTTP 400) before anything changes, each throttled call is audited, and a Sign
// or a curve key pair asked for meanwhile is not held up behind the queued RSA generations (docs/performance.md).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GetParametersForImportCommand,
  ListKeysCommand,
  SignCommand,
  type CreateKeyCommandInput,
  type KMSClient,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import { serveForSuite, TEST_ACCOUNT, TEST_REGION, type TestServer } from '../support/test-server.js';

// Small, fixed limits so the test does not depend on the machine's core count: one RSA generation at a time, three
// waiting; a burst of 32 RSA_4096 requests arrives long before the first generation (about a second) is done.
const LIMITS = { rsa: { maxRunning: 1, maxWaiting: 3 } };
const BURST = 32;

let t: TestServer;
let kms: KMSClient;
serveForSuite({ keyPairGeneration: LIMITS }, (server, admin) => {
  t = server;
  kms = admin;
});

type Outcome =
  | { ok: true; order: number; value: any }
  | { ok: false; order: number; name: string; message: string; status: number | undefined; requestId: string | undefined };

/** Starts every call at once; each outcome records the order in which it settled, shared with `settled()`. */
function race() {
  let settledCount = 0;
  let firstFailure: () => void = () => undefined;
  const failedOnce = new Promise<void>((resolve) => (firstFailure = resolve));
  const track = (call: Promise<unknown>): Promise<Outcome> =>
    call.then(
      (value) => ({ ok: true as const, order: ++settledCount, value }),
      (error: { name: string; message: string; $metadata?: { httpStatusCode?: number; requestId?: string } }) => {
        firstFailure();
        return {
          ok: false as const,
          order: ++settledCount,
          name: error.name,
          message: error.message,
          status: error.$metadata?.httpStatusCode,
          requestId: error.$metadata?.requestId,
        };
      },
    );
  return { track, failedOnce };
}

/** Every answer is a success or AWS's throttling error, with at least one of each. */
function assertSuccessOrThrottled(outcomes: Outcome[]): { successes: Extract<Outcome, { ok: true }>[]; throttled: Extract<Outcome, { ok: false }>[] } {
  const successes = outcomes.filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
  const throttled = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
  for (const failure of throttled) {
    assert.deepEqual([failure.name, failure.message, failure.status], ['ThrottlingException', 'Rate exceeded', 400]);
  }
  assert.ok(successes.length >= 1, 'some generations were admitted');
  assert.ok(throttled.length >= 1, `some of ${outcomes.length} generations were throttled`);
  return { successes, throttled };
}

/** A throttled call is audited like any other failed call: its record carries the error code and message. */
async function assertAudited(eventName: string, throttled: Extract<Outcome, { ok: false }>[]): Promise<void> {
  const events = await t.server.store.queryAuditEvents({
    accountId: TEST_ACCOUNT,
    region: TEST_REGION,
    attribute: { name: 'eventName', value: eventName },
    limit: 1000,
  });
  const records = events.map((event) => JSON.parse(event.record) as Record<string, unknown>);
  for (const failure of throttled) {
    const record = records.find((r) => r.requestID === failure.requestId);
    assert.ok(record, `the throttled ${eventName} ${failure.requestId} has its audit record`);
    assert.deepEqual([record.errorCode, record.errorMessage], ['ThrottlingException', 'Rate exceeded']);
  }
}

async function createKey(input: CreateKeyCommandInput): Promise<KeyMetadata> {
  return (await kms.send(new CreateKeyCommand(input))).KeyMetadata!;
}

async function describeKey(keyId: string): Promise<KeyMetadata> {
  return (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
}

describe('RSA key-pair generation under a burst', () => {
  test('RSA_4096 GetParametersForImport: every answer is a success or ThrottlingException "Rate exceeded" (HTTP 400); the key is unchanged; a Sign and an ECC data key pair issued meanwhile resolve before the last generation', async () => {
    const external = await createKey({ Origin: 'EXTERNAL', Description: 'wrapped under RSA_4096' });
    const signer = await createKey({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const symmetric = await createKey({});
    const before = await describeKey(external.KeyId!);

    const { track, failedOnce } = race();
    const generations = Array.from({ length: BURST }, () =>
      track(kms.send(new GetParametersForImportCommand({ KeyId: external.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_4096' }))),
    );
    // The first refusal shows the RSA lane is full: generations are running and waiting now. (Were none refused, the
    // assertions below fail once all have answered.)
    await Promise.race([failedOnce, Promise.all(generations)]);
    const sign = track(kms.send(new SignCommand({ KeyId: signer.KeyId, SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256', Message: Buffer.from('not held up') })));
    const curvePair = track(kms.send(new GenerateDataKeyPairCommand({ KeyId: symmetric.KeyId, KeyPairSpec: 'ECC_NIST_P256' })));
    const outcomes = await Promise.all(generations);
    const [signed, curve] = await Promise.all([sign, curvePair]);

    const { successes, throttled } = assertSuccessOrThrottled(outcomes);
    for (const success of successes) {
      const publicKey = createPublicKey({ key: Buffer.from(success.value.PublicKey), format: 'der', type: 'spki' });
      assert.equal(publicKey.asymmetricKeyDetails?.modulusLength, 4096);
      assert.ok(success.value.ImportToken.length > 0);
    }
    const lastGeneration = Math.max(...successes.map((s) => s.order));
    assert.ok(signed.ok, 'the Sign succeeded');
    assert.ok(curve.ok, 'the ECC_NIST_P256 key pair is not throttled by a full RSA lane');
    assert.ok(signed.order < lastGeneration, `the Sign (settled ${signed.order}th) resolved before the last generation (${lastGeneration}th)`);
    assert.ok(curve.order < lastGeneration, `the ECC key pair (settled ${curve.order}th) resolved before the last generation (${lastGeneration}th)`);
    // No more than the running generation and the one right after it finished before the Sign did: it did not wait in
    // the queue behind them.
    const generationsBeforeSign = successes.filter((s) => s.order < signed.order).length;
    assert.ok(generationsBeforeSign <= 2, `${generationsBeforeSign} generations finished before the Sign`);

    assert.deepEqual(await describeKey(external.KeyId!), before);
    await assertAudited('GetParametersForImport', throttled);
  });

  // A slot that was never given back would leave this call waiting for ever: the timeout turns that into a failure.
  test('the slots of throttled and finished generations are all given back: a generation after the burst is admitted', { timeout: 60_000 }, async () => {
    const external = await createKey({ Origin: 'EXTERNAL' });
    const out = await kms.send(new GetParametersForImportCommand({ KeyId: external.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    assert.equal(createPublicKey({ key: Buffer.from(out.PublicKey!), format: 'der', type: 'spki' }).asymmetricKeyDetails?.modulusLength, 2048);
  });

  test('RSA_4096 GenerateDataKeyPair(WithoutPlaintext): a success or ThrottlingException "Rate exceeded" (HTTP 400); admitted pairs are whole; a Sign issued meanwhile resolves before the last generation', async () => {
    const symmetric = await createKey({ Description: 'wraps data key pairs' });
    const signer = await createKey({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    const before = await describeKey(symmetric.KeyId!);

    const { track, failedOnce } = race();
    const generations = Array.from({ length: BURST }, (_, i) =>
      track(kms.send(i % 2 === 0
        ? new GenerateDataKeyPairCommand({ KeyId: symmetric.KeyId, KeyPairSpec: 'RSA_4096' })
        : new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: symmetric.KeyId, KeyPairSpec: 'RSA_4096' }))),
    );
    await Promise.race([failedOnce, Promise.all(generations)]);
    const sign = track(kms.send(new SignCommand({ KeyId: signer.KeyId, SigningAlgorithm: 'RSASSA_PSS_SHA_256', Message: Buffer.from('not held up') })));
    const outcomes = await Promise.all(generations);
    const signed = await sign;

    const { successes, throttled } = assertSuccessOrThrottled(outcomes);
    for (const success of successes) {
      assert.equal(createPublicKey({ key: Buffer.from(success.value.PublicKey), format: 'der', type: 'spki' }).asymmetricKeyDetails?.modulusLength, 4096);
      const decrypted = await kms.send(new DecryptCommand({ CiphertextBlob: success.value.PrivateKeyCiphertextBlob }));
      if (success.value.PrivateKeyPlaintext) assert.deepEqual(Buffer.from(decrypted.Plaintext!), Buffer.from(success.value.PrivateKeyPlaintext));
    }
    assert.ok(signed.ok, 'the Sign succeeded');
    assert.ok(signed.order < Math.max(...successes.map((s) => s.order)), 'the Sign resolved before the last generation');

    assert.deepEqual(await describeKey(symmetric.KeyId!), before);
    await assertAudited('GenerateDataKeyPair', throttled.filter((o) => outcomes.indexOf(o) % 2 === 0));
    await assertAudited('GenerateDataKeyPairWithoutPlaintext', throttled.filter((o) => outcomes.indexOf(o) % 2 === 1));
  });

  test('RSA_4096 CreateKey: a throttled call creates no key (ListKeys counts only the admitted ones) and is audited', async () => {
    const listKeys = async () => (await kms.send(new ListKeysCommand({ Limit: 1000 }))).Keys!.map((k) => k.KeyId!);
    const keysBefore = await listKeys();

    const { track } = race();
    const outcomes = await Promise.all(
      Array.from({ length: 16 }, (_, i) => track(kms.send(new CreateKeyCommand({ KeySpec: 'RSA_4096', KeyUsage: 'SIGN_VERIFY', Description: `burst ${i}` })))),
    );

    const { successes, throttled } = assertSuccessOrThrottled(outcomes);
    const created = successes.map((s) => s.value.KeyMetadata.KeyId as string);
    const keysAfter = await listKeys();
    assert.deepEqual(new Set(keysAfter), new Set([...keysBefore, ...created]), 'exactly the admitted keys were created');
    for (const keyId of created) assert.equal((await describeKey(keyId)).KeyState, 'Enabled');
    await assertAudited('CreateKey', throttled);
  });
});
