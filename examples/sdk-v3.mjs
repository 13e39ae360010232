// The AWS SDK for JavaScript v3 against openkms: a key, an encrypt/decrypt round trip and a data key.
// Usage: OPENKMS_ENDPOINT=http://127.0.0.1:4599 AWS_SHARED_CREDENTIALS_FILE=$PWD/.openkms/credentials AWS_PROFILE=openkms \
//        AWS_REGION=us-east-1 node examples/sdk-v3.mjs        (npm install @aws-sdk/client-kms)
import { CreateKeyCommand, DecryptCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';

// Only the endpoint differs from AWS: credentials and Region come from the usual places (environment, profile).
const kms = new KMSClient({ endpoint: process.env.OPENKMS_ENDPOINT ?? 'http://127.0.0.1:4599' });

const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'sdk v3 example' }));
const context = { app: 'example' };
const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: KeyMetadata.KeyId, Plaintext: Buffer.from('hello from the SDK'), EncryptionContext: context }));
const { Plaintext } = await kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: context }));
if (Buffer.from(Plaintext).toString() !== 'hello from the SDK') throw new Error('the round trip failed');

const dataKey = await kms.send(new GenerateDataKeyCommand({ KeyId: KeyMetadata.KeyId, KeySpec: 'AES_256' }));
if (dataKey.Plaintext.length !== 32) throw new Error('the data key is not 32 bytes');
dataKey.Plaintext.fill(0);

kms.destroy();
console.log(`sdk-v3 example: ok (key ${KeyMetadata.KeyId})`);
