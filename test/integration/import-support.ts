// Test support for the import tests: what a user of the import flow does on their side — wrap key material under the
// public key of GetParametersForImport (RSAES-OAEP, or RSA-OAEP of an AES key plus AES-KWP), and run one whole import.

import { createCipheriv, createPublicKey, publicEncrypt, randomBytes, constants } from 'node:crypto';
import {
  CreateKeyCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  type AlgorithmSpec,
  type CreateKeyCommandInput,
  type ImportKeyMaterialCommandInput,
  type KMSClient,
  type KeyMetadata,
  type WrappingKeySpec,
} from '@aws-sdk/client-kms';

export type WrappingAlgorithm = Exclude<AlgorithmSpec, 'RSAES_PKCS1_V1_5' | 'SM2PKE'>;

/** Wraps `material` as docs/kms-behaviour.md 4.3 describes, with node:crypto (the openssl route is in test/interop). */
export function wrapKeyMaterial(publicKeySpkiDer: Uint8Array, algorithm: WrappingAlgorithm, material: Uint8Array): Buffer {
  const key = createPublicKey({ key: Buffer.from(publicKeySpkiDer), format: 'der', type: 'spki' });
  const oaepHash = algorithm.endsWith('SHA_1') ? 'sha1' : 'sha256';
  const oaep = (data: Uint8Array) => publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, data);
  if (algorithm.startsWith('RSAES_OAEP')) return oaep(material);
  const aesKey = randomBytes(32);
  const cipher = createCipheriv('id-aes256-wrap-pad', aesKey, Buffer.from('a65959a6', 'hex'));
  const wrapped = Buffer.concat([cipher.update(material), cipher.final()]);
  return Buffer.concat([oaep(aesKey), wrapped]);
}

export interface ImportOptions {
  algorithm?: WrappingAlgorithm;
  wrappingKeySpec?: WrappingKeySpec;
  /** Extra ImportKeyMaterial parameters; default KEY_MATERIAL_DOES_NOT_EXPIRE. */
  request?: Partial<ImportKeyMaterialCommandInput>;
}

/** GetParametersForImport, wrap, ImportKeyMaterial: the whole flow for one material. */
export async function importMaterial(kms: KMSClient, keyId: string, material: Uint8Array, options: ImportOptions = {}) {
  const algorithm = options.algorithm ?? 'RSAES_OAEP_SHA_256';
  const parameters = await kms.send(
    new GetParametersForImportCommand({ KeyId: keyId, WrappingAlgorithm: algorithm, WrappingKeySpec: options.wrappingKeySpec ?? 'RSA_2048' }),
  );
  return kms.send(
    new ImportKeyMaterialCommand({
      KeyId: keyId,
      ImportToken: parameters.ImportToken,
      EncryptedKeyMaterial: wrapKeyMaterial(parameters.PublicKey!, algorithm, material),
      ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      ...options.request,
    }),
  );
}

/** CreateKey with Origin EXTERNAL. */
export async function externalKey(kms: KMSClient, input: CreateKeyCommandInput = {}): Promise<KeyMetadata> {
  return (await kms.send(new CreateKeyCommand({ Origin: 'EXTERNAL', ...input }))).KeyMetadata!;
}
