// The HTTPS client of XKS proxies, as AWS KMS calls them (docs/external-key-stores.md): POST with a JSON body to
// `<endpoint><path>/health | /keys/<id>/metadata | /encrypt | /decrypt`, signed with SigV4 for service
// `kms-xks-proxy` over `host;x-amz-date` only, on kept-alive connections, each attempt bounded by one deadline
// (connection, TLS handshake and answer together, 250 ms as AWS's) and retried once after a time-out or a failed
// connection. Every failure becomes an XksCallError; this client throws nothing else.

import { timingSafeEqual } from 'node:crypto';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { asObject, checkDecryptAnswer, checkEncryptAnswer, checkHealth, checkKeyMetadata, ciphertextDataIntegrityValue } from './answer-checks.js';
import { XksCallError, invalidResponse } from './xks-call-error.js';
import { XKS_ERROR_NAMES, type XksDecryptInput, type XksEncryptResult, type XksErrorName, type XksHealth, type XksKeyMetadata, type XksRequestMetadata } from './xks-messages.js';

/** One external key store's proxy, as the client needs it. */
export interface XksEndpoint {
  /** `https://host`, no port: AWS always calls port 443. */
  uriEndpoint: string;
  uriPath: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The key store's Region, the SigV4 scope's. */
  region: string;
}

export interface XksClientOptions {
  /** PEM certificates trusted besides the system's roots (`--xks-ca-bundle`). */
  caBundle?: string;
  /** Host names sent to another address and port, as curl's --resolve (`--xks-resolve HOST=ADDRESS:PORT`). */
  resolve?: ReadonlyMap<string, { address: string; port: number }>;
  /** The deadline of one attempt; AWS's is 250 ms. */
  attemptTimeoutMs?: number;
}

export const XKS_ATTEMPT_TIMEOUT_MS = 250;
/** Valid answers are a few hundred bytes; anything far larger is not one. */
const MAX_ANSWER_BYTES = 64 * 1024;
const TLS_ERROR = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH|ERR_OSSL_)/;

type Attempt = { status: number; body: Buffer };

export class XksProxyClient {
  readonly #agent: https.Agent;
  readonly #resolve: ReadonlyMap<string, { address: string; port: number }>;
  readonly #timeoutMs: number;

  constructor(options: XksClientOptions = {}) {
    const ca = options.caBundle ? [...rootCertificates, options.caBundle] : undefined;
    // IPv4 only, as AWS KMS calls proxies; kept-alive connections so a call is one round trip, not a TLS set-up.
    this.#agent = new https.Agent({ keepAlive: true, maxSockets: 64, family: 4, minVersion: 'TLSv1.2', ...(ca ? { ca } : {}) });
    this.#resolve = options.resolve ?? new Map();
    this.#timeoutMs = options.attemptTimeoutMs ?? XKS_ATTEMPT_TIMEOUT_MS;
  }

  async health(endpoint: XksEndpoint, metadata: Pick<XksRequestMetadata, 'kmsOperation' | 'kmsRequestId'>): Promise<XksHealth> {
    return checkHealth(await this.#call(endpoint, '/health', { requestMetadata: metadata }));
  }

  async getKeyMetadata(endpoint: XksEndpoint, xksKeyId: string, metadata: XksRequestMetadata): Promise<XksKeyMetadata> {
    return checkKeyMetadata(await this.#call(endpoint, `/keys/${encodeURIComponent(xksKeyId)}/metadata`, { requestMetadata: metadata }));
  }

  /** Encrypts at the proxy, asking for the ciphertext data integrity value and checking it before anything is used. */
  async encrypt(endpoint: XksEndpoint, xksKeyId: string, metadata: XksRequestMetadata, plaintext: Buffer, aad: Buffer): Promise<XksEncryptResult> {
    const answer = await this.#call(endpoint, `/keys/${encodeURIComponent(xksKeyId)}/encrypt`, {
      requestMetadata: metadata,
      plaintext: plaintext.toString('base64'),
      encryptionAlgorithm: 'AES_GCM',
      additionalAuthenticatedData: aad.toString('base64'),
      ciphertextDataIntegrityValueAlgorithm: 'SHA_256',
    });
    const { result, cdiv } = checkEncryptAnswer(answer, plaintext.length);
    if (!timingSafeEqual(ciphertextDataIntegrityValue(aad, result), cdiv)) throw invalidResponse('the ciphertext data integrity value does not match');
    return result;
  }

  async decrypt(endpoint: XksEndpoint, xksKeyId: string, metadata: XksRequestMetadata, input: XksDecryptInput): Promise<Buffer> {
    const answer = await this.#call(endpoint, `/keys/${encodeURIComponent(xksKeyId)}/decrypt`, {
      requestMetadata: metadata,
      ciphertext: input.ciphertext.toString('base64'),
      initializationVector: input.initializationVector.toString('base64'),
      authenticationTag: input.authenticationTag.toString('base64'),
      encryptionAlgorithm: 'AES_GCM',
      additionalAuthenticatedData: input.additionalAuthenticatedData.toString('base64'),
      ...(input.ciphertextMetadata ? { ciphertextMetadata: input.ciphertextMetadata.toString('base64') } : {}),
    });
    return checkDecryptAnswer(answer, input.ciphertext.length);
  }

  close(): void {
    this.#agent.destroy();
  }

  /** One call: an attempt, and after a time-out or a failed connection one more (AWS retries network time-outs once). */
  async #call(endpoint: XksEndpoint, apiPath: string, body: object): Promise<unknown> {
    const payload = Buffer.from(JSON.stringify(body), 'utf8');
    let attempt: Attempt;
    try {
      attempt = await this.#attempt(endpoint, apiPath, payload);
    } catch (error) {
      const kind = error instanceof XksCallError ? error.failure.kind : undefined;
      if (kind !== 'timeout' && kind !== 'unreachable') throw error;
      attempt = await this.#attempt(endpoint, apiPath, payload);
    }
    return interpret(attempt);
  }

  async #attempt(endpoint: XksEndpoint, apiPath: string, payload: Buffer): Promise<Attempt> {
    const url = new URL(endpoint.uriEndpoint);
    const host = url.hostname;
    const path = `${endpoint.uriPath}${apiPath}`;
    const headers = await signedHeaders(endpoint, host, path, payload);
    const target = this.#resolve.get(host);
    return new Promise<Attempt>((resolve, reject) => {
      let settled = false;
      const finish = (error: XksCallError | undefined, result?: Attempt) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          request.destroy();
          reject(error);
        } else resolve(result!);
      };
      const request = https.request({
        method: 'POST',
        host: target?.address ?? host,
        port: target?.port ?? 443,
        servername: host,
        path,
        agent: this.#agent,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length) },
      });
      const timer = setTimeout(() => finish(new XksCallError({ kind: 'timeout' }, `no answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
      request.on('error', (error: NodeJS.ErrnoException) => finish(networkError(error)));
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) finish(invalidResponse('the answer is too large'));
          else chunks.push(chunk);
        });
        response.on('end', () => finish(undefined, { status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
        response.on('error', (error: NodeJS.ErrnoException) => finish(networkError(error)));
      });
      request.end(payload);
    });
  }
}

/** SigV4 for `kms-xks-proxy` over exactly `host` and `x-amz-date`, with no x-amz-content-sha256 header. */
async function signedHeaders(endpoint: XksEndpoint, host: string, path: string, payload: Buffer): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: 'kms-xks-proxy',
    region: endpoint.region,
    credentials: { accessKeyId: endpoint.accessKeyId, secretAccessKey: endpoint.secretAccessKey },
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
  });
  const request = new HttpRequest({ method: 'POST', protocol: 'https:', hostname: host, path, headers: { host }, body: payload });
  const signed = await signer.sign(request);
  return signed.headers;
}

function networkError(error: NodeJS.ErrnoException): XksCallError {
  const code = error.code ?? '';
  if (TLS_ERROR.test(code) || /SSL|TLS|certificate/i.test(error.message)) return new XksCallError({ kind: 'tls' }, code || error.message);
  return new XksCallError({ kind: 'unreachable' }, code || error.message);
}

/** 200 with a JSON body is an answer; any other status with one of the twelve error names is that error. */
function interpret(attempt: Attempt): unknown {
  let body: unknown;
  try {
    body = JSON.parse(attempt.body.toString('utf8'));
  } catch {
    throw invalidResponse(`HTTP ${attempt.status} without a JSON body`);
  }
  if (attempt.status === 200) return body;
  const errorName = asObject(body).errorName;
  if (typeof errorName === 'string' && (XKS_ERROR_NAMES as readonly string[]).includes(errorName)) {
    throw new XksCallError({ kind: 'proxy-error', errorName: errorName as XksErrorName }, `HTTP ${attempt.status}`);
  }
  throw invalidResponse(`HTTP ${attempt.status} with no known errorName`);
}
