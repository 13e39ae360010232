// The AWS Encryption SDK for JavaScript with a KMS keyring whose client points at openkms: envelope encryption of a
// message and its decryption. Usage as sdk-v3.mjs (npm install @aws-crypto/client-node @aws-sdk/client-kms).
import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node';
import { CreateKeyCommand, KMS } from '@aws-sdk/client-kms';

const endpoint = process.env.OPENKMS_ENDPOINT ?? 'http://127.0.0.1:4599';
const kms = new KMS({ endpoint });
const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'encryption sdk example' }));

// The keyring makes a KMS client per Region; each must be pointed at openkms.
const keyring = new KmsKeyringNode({ generatorKeyId: KeyMetadata.Arn, clientProvider: (region) => new KMS({ endpoint, region }) });
const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);

const message = Buffer.from('hello from the AWS Encryption SDK');
const { result } = await encrypt(keyring, message, { encryptionContext: { app: 'example' } });
const { plaintext, messageHeader } = await decrypt(keyring, result);
if (!plaintext.equals(message)) throw new Error('the round trip failed');
if (messageHeader.encryptionContext.app !== 'example') throw new Error('the encryption context was not kept');

kms.destroy();
console.log(`encryption-sdk example: ok (${result.length}-byte message under ${KeyMetadata.Arn})`);
