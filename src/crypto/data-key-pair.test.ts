import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { DataKeyPairSpec } from '../api/model.generated.js';
import { generateDataKeyPair } from './data-key-pair.js';
import { KeyPairGenerator } from './key-pair-generator.js';
import { opensslOk, TempFiles } from './openssl.test-helper.js';

const SPECS: DataKeyPairSpec[] = [
  'RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1',
  'ECC_NIST_EDWARDS25519', 'SM2',
];

describe('generateDataKeyPair', () => {
  const keyPairs = new KeyPairGenerator();
  const files = new TempFiles();
  after(() => files.dispose());

  test('every DataKeyPairSpec gives a PKCS#8 private key and its matching SPKI public key, both loadable by openssl', async () => {
    const pairs = await Promise.all(SPECS.map((spec) => generateDataKeyPair(keyPairs, spec)));
    SPECS.forEach((spec, i) => {
      const { privateKeyPkcs8Der, publicKeySpkiDer } = pairs[i] as (typeof pairs)[number];
      const privatePath = files.write(`${spec}.key.der`, privateKeyPkcs8Der);
      const publicPath = files.write(`${spec}.pub.der`, publicKeySpkiDer);
      opensslOk(['pkey', '-inform', 'DER', '-in', privatePath, '-noout']);
      opensslOk(['pkey', '-pubin', '-inform', 'DER', '-in', publicPath, '-noout']);
      // The public key openssl derives from the private key is the one we return.
      assert.deepEqual(opensslOk(['pkey', '-inform', 'DER', '-in', privatePath, '-pubout', '-outform', 'DER']), publicKeySpkiDer, spec);
      assert.equal(createPrivateKey({ key: privateKeyPkcs8Der, format: 'der', type: 'pkcs8' }).type, 'private');
      assert.equal(createPublicKey({ key: publicKeySpkiDer, format: 'der', type: 'spki' }).type, 'public');
    });
  });

  test('two calls give different key pairs', async () => {
    const [a, b] = await Promise.all([generateDataKeyPair(keyPairs, 'ECC_NIST_P256'), generateDataKeyPair(keyPairs, 'ECC_NIST_P256')]);
    assert.notDeepEqual(a.publicKeySpkiDer, b.publicKeySpkiDer);
  });

  test('SM2 pairs are on the named SM2 curve (1.2.156.10197.1.301) in both structures', async () => {
    const { privateKeyPkcs8Der, publicKeySpkiDer } = await generateDataKeyPair(keyPairs, 'SM2');
    const sm2CurveOid = Buffer.from('06082a811ccf5501822d', 'hex');
    assert.ok(privateKeyPkcs8Der.includes(sm2CurveOid));
    assert.ok(publicKeySpkiDer.includes(sm2CurveOid));
    const text = opensslOk(['pkey', '-inform', 'DER', '-in', files.write('sm2.key.der', privateKeyPkcs8Der), '-noout', '-text']);
    assert.match(text.toString(), /ASN1 OID: SM2/);
  });
});
