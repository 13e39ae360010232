// The proxy over TLS with certificates from a scratch CA made by openssl: the server's certificate is verified by a
// client that trusts that CA; with a client CA configured (mTLS), a client without a certificate, with one from
// another CA, or with another name is cut off in the handshake, and SigV4 is still required with a good certificate.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import { connect as connectHttp2 } from 'node:http2';
import { signedXksHeaders } from '../support/xks-signed-call.js';
import { cryptoMetadata, xksCall } from '../support/xks-signed-call.js';
import { ScratchCa } from '../support/openssl-ca.js';
import { CREDENTIAL, startProxyFixture, URI_PATH, type ProxyFixture } from '../support/xks-proxy-fixture.js';

const HOST = 'xks.openkms.test';
const KMS_CLIENT_NAME = 'cks.kms.us-east-1.amazonaws.com';
const health = { requestMetadata: { kmsRequestId: 'r-1', kmsOperation: 'KmsHealthCheck' } };

let ca: ScratchCa;
let otherCa: ScratchCa;
before(() => {
  ca = new ScratchCa('openkms xks test CA');
  otherCa = new ScratchCa('some other CA');
});
after(() => {
  ca.dispose();
  otherCa.dispose();
});

describe('TLS', () => {
  let f: ProxyFixture;
  before(async () => {
    const server = ca.issue(HOST, [`DNS:${HOST}`, 'IP:127.0.0.1'], 'serverAuth');
    f = await startProxyFixture({ tls: { cert: server.cert, key: server.key } });
  });
  after(() => f.close());

  test('a client that trusts the scratch CA gets a verified connection and the API answers', async () => {
    const answer = await xksCall({ url: f.proxy.url, path: `${URI_PATH}/health`, body: health, credential: CREDENTIAL, tls: { ca: ca.cert, servername: HOST } });
    assert.equal(answer.status, 200, answer.text);
    assert.match(f.proxy.url, /^https:/);
  });

  test('HTTP/2 on the same port: the :authority is what the signature covers as host', async () => {
    const path = `${URI_PATH}/keys/key-both/encrypt`;
    const body = JSON.stringify({
      requestMetadata: cryptoMetadata(),
      plaintext: Buffer.from('over h2').toString('base64'),
      encryptionAlgorithm: 'AES_GCM',
      ciphertextDataIntegrityValueAlgorithm: 'SHA_256',
    });
    // No servername: node's client would send it as the :authority, which the signature (over the URL's host) does not cover.
    const session = connectHttp2(f.proxy.url, { ca: ca.cert });
    try {
      const send = async (credential = CREDENTIAL) => {
        const { host: _host, ...signed } = await signedXksHeaders({ url: f.proxy.url, path, body, credential }, body);
        return new Promise<{ status: number; text: string; version: string }>((resolve, reject) => {
          const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/json', ...signed });
          let text = '';
          let status = 0;
          stream.on('response', (headers) => (status = Number(headers[':status'])));
          stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
          stream.on('end', () => resolve({ status, text, version: session.alpnProtocol ?? '' }));
          stream.on('error', reject);
          stream.end(body);
        });
      };
      const answer = await send();
      assert.equal(answer.version, 'h2');
      assert.equal(answer.status, 200, answer.text);
      assert.equal(typeof JSON.parse(answer.text).ciphertextDataIntegrityValue, 'string');
      const wrong = await send({ ...CREDENTIAL, secretAccessKey: 'B'.repeat(44) });
      assert.equal(wrong.status, 401);
    } finally {
      session.close();
    }
  });

  test('a client that does not trust the CA refuses the certificate', async () => {
    await assert.rejects(xksCall({ url: f.proxy.url, path: `${URI_PATH}/health`, body: health, credential: CREDENTIAL }), /self.signed|unable to verify|certificate/i);
  });

  test('TLS 1.1 is refused; TLS 1.2 and 1.3 are served', async () => {
    const port = f.proxy.port;
    const version = (max: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3') =>
      new Promise<string>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port, servername: HOST, ca: ca.cert, minVersion: max === 'TLSv1.1' ? 'TLSv1' : max, maxVersion: max }, () => {
          const protocol = socket.getProtocol() ?? '';
          socket.end();
          resolve(protocol);
        });
        socket.on('error', reject);
      });
    assert.equal(await version('TLSv1.2'), 'TLSv1.2');
    assert.equal(await version('TLSv1.3'), 'TLSv1.3');
    await assert.rejects(version('TLSv1.1'));
  });

  test('the plain-HTTP port does not answer plain HTTP', async () => {
    await assert.rejects(xksCall({ url: f.proxy.url.replace('https:', 'http:'), path: `${URI_PATH}/health`, body: health, credential: CREDENTIAL }));
  });
});

describe('mTLS', () => {
  let f: ProxyFixture;
  before(async () => {
    const server = ca.issue(HOST, [`DNS:${HOST}`, 'IP:127.0.0.1'], 'serverAuth');
    f = await startProxyFixture({ tls: { cert: server.cert, key: server.key, clientCa: ca.cert, clientName: KMS_CLIENT_NAME } });
  });
  after(() => f.close());

  const call = (client: { cert: Buffer; key: Buffer } | undefined, signed = true) =>
    xksCall({
      url: f.proxy.url,
      path: `${URI_PATH}/keys/key-both/metadata`,
      body: { requestMetadata: { ...cryptoMetadata('CreateKey'), kmsKeyArn: undefined } },
      ...(signed ? { credential: CREDENTIAL } : {}),
      tls: { ca: ca.cert, servername: HOST, ...(client ?? {}) },
    });

  test('the client certificate AWS KMS presents (the configured name, from the client CA) is served', async () => {
    const client = ca.issue(KMS_CLIENT_NAME, [`DNS:${KMS_CLIENT_NAME}`], 'clientAuth');
    const answer = await call(client);
    assert.equal(answer.status, 200, answer.text);
  });

  test('SigV4 is still required with a good client certificate', async () => {
    const client = ca.issue(KMS_CLIENT_NAME, [`DNS:${KMS_CLIENT_NAME}`], 'clientAuth');
    const answer = await call(client, false);
    assert.equal(answer.status, 401);
    assert.equal(answer.json.errorName, 'AuthenticationFailedException');
  });

  test('no client certificate, one from another CA, or one for another name: the handshake or connection is cut', async () => {
    await assert.rejects(call(undefined));
    await assert.rejects(call(otherCa.issue(KMS_CLIENT_NAME, [`DNS:${KMS_CLIENT_NAME}`], 'clientAuth')));
    await assert.rejects(call(ca.issue('cks.kms.eu-west-1.amazonaws.com', ['DNS:cks.kms.eu-west-1.amazonaws.com'], 'clientAuth')));
  });
});
