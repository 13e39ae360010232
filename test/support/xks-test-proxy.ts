// Test support: a small XKS proxy (XKS Proxy API v1) over HTTPS with a scratch CA, for openkms's external key store
// tests. It checks the URI prefix, the SigV4 signature (service kms-xks-proxy, over exactly host;x-amz-date) and the
// request shapes, keeps AES-256 keys in memory with a usage and a status, and can turn hostile on demand: slow,
// garbage, a wrong CDIV, any error name and status, every key manager UNAVAILABLE.
//
// Tests reach it only through `XksProxyUnderTest` (the endpoint, path, credential, CA file and --xks-resolve entry),
// so a real `openkms xks-proxy` can take its place for the end-to-end tests.

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { scratchCertificates, type ScratchCertificates } from './scratch-ca.js';

/** What a test needs of any XKS proxy it points an external key store at. */
export interface XksProxyUnderTest {
  /** `https://` + host name, as CreateCustomKeyStore takes it. */
  uriEndpoint: string;
  uriPath: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** For `--xks-ca-bundle`. */
  caFile: string;
  /** For `--xks-resolve`: HOST=127.0.0.1:PORT. */
  resolveEntry: string;
  stop(): Promise<void>;
}

export type XksApi = 'health' | 'metadata' | 'encrypt' | 'decrypt';

export type Behaviour =
  | { kind: 'normal' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'garbage' }
  | { kind: 'wrong-cdiv' }
  | { kind: 'long-metadata' }
  /** Decrypt answers a plaintext with one byte changed: what KMS's inner layer must refuse. */
  | { kind: 'changed-plaintext' }
  /** An answer far larger than any valid one. */
  | { kind: 'huge' }
  | { kind: 'error'; status: number; errorName: string }
  | { kind: 'non-json-error'; status: number }
  | { kind: 'unhealthy' };

export interface TestXksKey {
  material: Buffer;
  usage: string[];
  status: 'ENABLED' | 'DISABLED';
  keySpec?: string;
}

export interface SeenRequest {
  api: XksApi;
  keyId?: string;
  requestMetadata: Record<string, unknown>;
  signedHeaders: string;
}

export const XKS_TEST_HOST = 'xks.openkms.test';
const REGION = 'us-east-1';

export class TestXksProxy implements XksProxyUnderTest {
  readonly accessKeyId = 'AKIAXKSTESTPROXY2345';
  readonly secretAccessKey = 'openkms+test/xks+proxy+secret+0123456789ABCDEFGH=';
  readonly uriPath = '/example/prefix/kms/xks/v1';
  readonly uriEndpoint = `https://${XKS_TEST_HOST}`;
  readonly keys = new Map<string, TestXksKey>();
  readonly seen: SeenRequest[] = [];
  /** TLS handshakes completed: one per connection when the client keeps connections alive. */
  connections = 0;
  behaviour: Behaviour = { kind: 'normal' };
  /** The APIs `behaviour` applies to (all when unset). */
  behaviourFor: ReadonlySet<XksApi> | undefined;
  /** Secrets the proxy accepts besides its own, e.g. after a rotation. */
  acceptedSecrets = new Map<string, string>();

  private constructor(
    private readonly server: https.Server,
    private readonly certificates: ScratchCertificates,
  ) {
    this.acceptedSecrets.set(this.accessKeyId, this.secretAccessKey);
  }

  get caFile(): string {
    return this.certificates.caFile;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get resolveEntry(): string {
    return `${XKS_TEST_HOST}=127.0.0.1:${this.port}`;
  }

  static async start(): Promise<TestXksProxy> {
    const certificates = scratchCertificates(XKS_TEST_HOST);
    const server = https.createServer({ cert: certificates.cert, key: certificates.key, minVersion: 'TLSv1.2', keepAliveTimeout: 30_000 });
    const proxy = new TestXksProxy(server, certificates);
    server.on('secureConnection', () => proxy.connections++);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => void proxy.#handle(request, Buffer.concat(chunks), response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  addKey(id: string, key: Partial<TestXksKey> = {}): void {
    this.keys.set(id, { material: randomBytes(32), usage: ['ENCRYPT', 'DECRYPT'], status: 'ENABLED', ...key });
  }

  /** Back to a well-behaved proxy. */
  reset(): void {
    this.behaviour = { kind: 'normal' };
    this.behaviourFor = undefined;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.certificates.dispose();
  }

  /** Stops listening but keeps the certificates, so `restart` can come back on the same port. */
  async pause(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async resume(port: number): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
  }

  async #handle(request: import('node:http').IncomingMessage, body: Buffer, response: import('node:http').ServerResponse): Promise<void> {
    const send = (status: number, answer: unknown) => {
      const text = typeof answer === 'string' ? answer : JSON.stringify(answer);
      response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      response.end(text);
    };
    const fail = (status: number, errorName: string) => send(status, { errorName, errorMessage: `test proxy: ${errorName}` });
    const path = request.url ?? '';
    if (request.method !== 'POST') return fail(405, 'ValidationException');
    const route = path.startsWith(`${this.uriPath}/`) ? path.slice(this.uriPath.length) : undefined;
    const match = route === '/health' ? ['', 'health'] : /^\/keys\/([^/]+)\/(metadata|encrypt|decrypt)$/.exec(route ?? '');
    if (!match) return fail(404, 'InvalidUriPathException');
    const api = (match.length === 2 ? match[1] : match[2]) as XksApi;
    const keyId = match.length === 3 ? decodeURIComponent(match[1]!) : undefined;
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!(await this.#signatureValid(request, path, body))) return fail(401, 'AuthenticationFailedException');
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return fail(400, 'ValidationException');
    }
    const requestMetadata = input.requestMetadata as Record<string, unknown> | undefined;
    if (!requestMetadata || typeof requestMetadata.kmsRequestId !== 'string' || typeof requestMetadata.kmsOperation !== 'string') {
      return fail(400, 'ValidationException');
    }
    this.seen.push({ api, ...(keyId !== undefined ? { keyId } : {}), requestMetadata, signedHeaders });

    const behaviour = this.behaviourFor === undefined || this.behaviourFor.has(api) ? this.behaviour : { kind: 'normal' as const };
    if (behaviour.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    if (behaviour.kind === 'garbage') return send(200, '{"this is": not json');
    if (behaviour.kind === 'huge') return send(200, JSON.stringify({ padding: 'x'.repeat(1024 * 1024) }));
    if (behaviour.kind === 'error') return fail(behaviour.status, behaviour.errorName);
    if (behaviour.kind === 'non-json-error') return send(behaviour.status, '<html>Bad gateway</html>');
    if (response.destroyed) return;

    if (api === 'health') {
      const healthStatus = behaviour.kind === 'unhealthy' ? 'UNAVAILABLE' : 'ACTIVE';
      return send(200, {
        xksProxyFleetSize: 1,
        xksProxyVendor: 'openkms tests',
        xksProxyModel: 'TestXksProxy',
        ekmVendor: 'openkms tests',
        ekmFleetDetails: [{ id: 'ekm-1', model: 'memory', healthStatus }],
      });
    }
    const key = this.keys.get(keyId!);
    if (!key) return fail(404, 'KeyNotFoundException');
    if (api === 'metadata') return send(200, { keySpec: key.keySpec ?? 'AES_256', keyUsage: key.usage, keyStatus: key.status });
    if (key.status !== 'ENABLED') return fail(400, 'InvalidStateException');
    const aad = Buffer.from(typeof input.additionalAuthenticatedData === 'string' ? input.additionalAuthenticatedData : '', 'base64');
    if (api === 'encrypt') {
      // A CDIV needs the verifying decrypt, so a key that may not decrypt cannot serve it (spec 5.5).
      if (!key.usage.includes('ENCRYPT') || !key.usage.includes('DECRYPT')) return fail(400, 'InvalidKeyUsageException');
      const plaintext = Buffer.from(String(input.plaintext ?? ''), 'base64');
      const metadata = behaviour.kind === 'long-metadata' ? Buffer.alloc(21, 1) : Buffer.from([1]);
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key.material, iv);
      cipher.setAAD(gcmAad(aad, metadata));
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      const tag = cipher.getAuthTag();
      let cdiv = createHash('sha256').update(Buffer.concat([aad, metadata, iv, ciphertext, tag])).digest();
      if (behaviour.kind === 'wrong-cdiv') cdiv = Buffer.from(cdiv.map((byte) => byte ^ 0xff));
      return send(200, {
        ciphertext: ciphertext.toString('base64'),
        initializationVector: iv.toString('base64'),
        authenticationTag: tag.toString('base64'),
        ciphertextMetadata: metadata.toString('base64'),
        ciphertextDataIntegrityValue: cdiv.toString('base64'),
      });
    }
    if (!key.usage.includes('DECRYPT')) return fail(400, 'InvalidKeyUsageException');
    try {
      const metadata = Buffer.from(String(input.ciphertextMetadata ?? ''), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key.material, Buffer.from(String(input.initializationVector), 'base64'));
      decipher.setAAD(gcmAad(aad, metadata));
      decipher.setAuthTag(Buffer.from(String(input.authenticationTag), 'base64'));
      const plaintext = Buffer.concat([decipher.update(Buffer.from(String(input.ciphertext), 'base64')), decipher.final()]);
      if (behaviour.kind === 'changed-plaintext') plaintext[plaintext.length - 1]! ^= 1;
      return send(200, { plaintext: plaintext.toString('base64') });
    } catch {
      return fail(400, 'InvalidCiphertextException');
    }
  }

  readonly #signers = new Map<string, SignatureV4>();

  /** Recomputes the signature over exactly what the client must sign (host;x-amz-date) with the credential it names. */
  async #signatureValid(request: import('node:http').IncomingMessage, path: string, body: Buffer): Promise<boolean> {
    const authorization = request.headers.authorization ?? '';
    const accessKeyId = /Credential=([^/]+)\//.exec(authorization)?.[1];
    const secret = accessKeyId === undefined ? undefined : this.acceptedSecrets.get(accessKeyId);
    const amzDate = request.headers['x-amz-date'];
    const host = request.headers.host;
    if (!secret || typeof amzDate !== 'string' || !host || !/SignedHeaders=host;x-amz-date,/.test(authorization)) return false;
    const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
    if (Number.isNaN(signingDate.getTime()) || Math.abs(Date.now() - signingDate.getTime()) > 5 * 60_000) return false;
    const signerKey = `${accessKeyId}\0${secret}`;
    let signer = this.#signers.get(signerKey);
    if (!signer) {
      signer = new SignatureV4({ service: 'kms-xks-proxy', region: REGION, credentials: { accessKeyId: accessKeyId!, secretAccessKey: secret }, sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
      this.#signers.set(signerKey, signer);
    }
    const expected = await signer.sign(new HttpRequest({ method: 'POST', protocol: 'https:', hostname: host, path, headers: { host }, body }), { signingDate });
    return expected.headers.authorization === authorization;
  }
}

/** The spec's framing of AAD and metadata into the AES-GCM AAD (XKS Proxy API 5.2). */
function gcmAad(aad: Buffer, metadata: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(aad.length);
  return Buffer.concat([length, aad, Buffer.from([metadata.length]), metadata]);
}
