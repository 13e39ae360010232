// The AWS Encryption SDK for JavaScript, a client none of us wrote, with a KMS keyring whose client points at openkms:
// it encrypts and decrypts a message, and refuses to decrypt under a wrong encryption context.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import { CreateKeyCommand, DecryptCommand, KMS } from '@aws-sdk/client-kms';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, serveForSuite, type TestServer } from '../support/test-server.js';

let t: TestServer;
serveForSuite({}, (server) => (t = server));

test('a KMS keyring backed by openkms encrypts and decrypts; a changed encryption context fails', async () => {
  const { KeyMetadata } = await t.kms.send(new CreateKeyCommand({ Description: 'encryption sdk' }));
  const keyring = new KmsKeyringNode({
    generatorKeyId: KeyMetadata!.Arn!,
    // The keyring calls the SDK's aggregated client (kms.generateDataKey(...)), pointed at openkms.
    clientProvider: (region: string) =>
      new KMS({
        endpoint: t.server.url,
        region,
        credentials: { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY },
      }),
  });
  const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const plaintext = Buffer.from('the quick brown fox, encrypted by the AWS Encryption SDK through openkms');
  const context = { purpose: 'interop', tenant: 'acme' };
  const { result } = await encrypt(keyring, plaintext, { encryptionContext: context });
  assert.ok(!result.includes(plaintext));

  const decrypted = await decrypt(keyring, result);
  assert.deepEqual(decrypted.plaintext, plaintext);
  assert.equal(decrypted.messageHeader.encryptionContext.tenant, 'acme');
  assert.equal(decrypted.messageHeader.encryptedDataKeys[0]?.providerInfo, KeyMetadata!.Arn);

  // A message whose stored encryption context was changed no longer decrypts: the SDK asks openkms to decrypt the data
  // key under the changed context, and openkms refuses.
  const at = result.indexOf(Buffer.from('acme'));
  assert.ok(at > 0);
  const changedContext = Buffer.from(result);
  changedContext.write('acmf', at);
  await assert.rejects(decrypt(keyring, changedContext));
  // The same refusal at the KMS level: the encrypted data key under a wrong context is InvalidCiphertextException.
  const edk = decrypted.messageHeader.encryptedDataKeys[0]!;
  // The SDK adds its own pairs (the signing public key) to the context it sends to KMS.
  const sentContext = { ...decrypted.messageHeader.encryptionContext };
  await assert.rejects(
    t.kms.send(new DecryptCommand({ CiphertextBlob: edk.encryptedDataKey, EncryptionContext: { ...sentContext, tenant: 'acmf' } })),
    { name: 'InvalidCiphertextException' },
  );
  const right = await t.kms.send(new DecryptCommand({ CiphertextBlob: edk.encryptedDataKey, EncryptionContext: sentContext }));
  assert.equal(right.KeyId, KeyMetadata!.Arn);
  // Tampering with the message is caught by the SDK's own authentication.
  const tampered = Buffer.from(result);
  tampered[tampered.length - 40]! ^= 1;
  await assert.rejects(decrypt(keyring, tampered));
});
