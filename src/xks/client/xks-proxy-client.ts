// The HTTPS client of XKS proxies, as AWS KMS calls them (docs/external-key-stores.md): POST with a JSON body to
// `<endpoint><path>/health | /keys/<id>/metadata | /encrypt | /decrypt`, signed with SigV4 for service
// `kms-xks-proxy` over `host;x-amz-date` only, on kept-alive connections, each attempt bounded by one deadline
// (connection, TLS handshake and answer together, 250 ms as AWS's) and retried once after a time-out or a failed
// connection. Every failure becomes an XksCallError; this client throws nothing else.

import { timingSafeEqual } from 'node:crypto';
import https from 'node:https';
import { createSecureContext, rootCertificates } from 'node:tls';
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
  /** Connections open to one proxy at most (default 16); more calls wait for one of them. */
  maxConnections?: number;
}

export const XKS_ATTEMPT_TIMEOUT_MS = 250;
/**
 * A call waits at most this long for a connection of the pool before its attempt starts. AWS's 250 ms cover the
 * network (connection, TLS, answer), not a caller's queue; a pool that stays busy this long is answered as a time-out.
 */
const MAX_POOL_WAIT_MS = 2_000;
const DEFAULT_MAX_CONNECTIONS = 16;
/** A timed-out call's connection is closed if its answer has still not been read whole this long after. */
const ABANDONED_ANSWER_MS = 10_000;
/** Valid answers are a few hundred bytes; anything far larger is not one. */
const MAX_ANSWER_BYTES = 64 * 1024;
const TLS_ERROR = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH|ERR_OSSL_)/;

type Attempt = { status: number; body: Buffer };

export class XksProxyClient {
  readonly #agent: https.Agent;
  readonly #resolve: ReadonlyMap<string, { address: string; port: number }>;
  readonly #timeoutMs: number;

  constructor(options: XksClientOptions = {}) {
    // One secure context made at start: passing the CA list itself would make the agent rebuild its pool key from
    // every root certificate's text on each call.
    const secureContext = options.caBundle ? createSecureContext({ ca: [...rootCertificates, options.caBundle], minVersion: 'TLSv1.2' }) : undefined;
    // IPv4 only, as AWS KMS calls proxies; kept-alive connections so a call is one round trip, not a TLS set-up.
    // A bounded pool: a burst of calls must not become a burst of TLS handshakes, which on a busy machine can take
    // longer than the deadline, be cut, and be started again.
    this.#agent = new https.Agent({
      keepAlive: true,
      maxSockets: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
      family: 4,
      minVersion: 'TLSv1.2',
      ...(secureContext ? { secureContext } : {}),
    });
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

  /** One signer per credential and Region: it keeps the day's signing key instead of deriving it on every call. */
  readonly #signers = new Map<string, SignatureV4>();
  #signer(endpoint: XksEndpoint): SignatureV4 {
    const cacheKey = `${endpoint.region}\0${endpoint.accessKeyId}\0${endpoint.secretAccessKey}`;
    let signer = this.#signers.get(cacheKey);
    if (!signer) {
      if (this.#signers.size >= 64) this.#signers.clear();
      signer = new SignatureV4({
        service: 'kms-xks-proxy',
        region: endpoint.region,
        credentials: { accessKeyId: endpoint.accessKeyId, secretAccessKey: endpoint.secretAccessKey },
        sha256: Hash.bind(null, 'sha256'),
        applyChecksum: false,
      });
      this.#signers.set(cacheKey, signer);
    }
    return signer;
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
    const headers = await signedHeaders(this.#signer(endpoint), host, path, payload);
    const target = this.#resolve.get(host);
    return new Promise<Attempt>((resolve, reject) => {
      let settled = false;
      const finish = (error: XksCallError | undefined, result?: Attempt) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(poolWait);
        if (error) {
          // A late answer is read and dropped, so its connection (and the TLS handshake it cost) stays in the pool:
          // cutting it would make the next call pay a new handshake, which on a busy machine can miss the deadline
          // again and again. Anything else that failed takes its connection with it.
          if (error.failure.kind !== 'timeout') request.destroy();
          else {
            // However slowly it drips, a late answer holds its connection for a bounded time only.
            const cut = setTimeout(() => request.destroy(), ABANDONED_ANSWER_MS);
            cut.unref();
            request.once('close', () => clearTimeout(cut));
          }
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
      // The deadline runs from the moment the call has a connection (a kept-alive one, or a new one still to connect).
      let timer: NodeJS.Timeout | undefined;
      const poolWait = setTimeout(() => {
        finish(new XksCallError({ kind: 'timeout' }, `no connection free within ${MAX_POOL_WAIT_MS} ms`));
        // Still queued in the pool: it must never be sent later.
        request.destroy();
      }, MAX_POOL_WAIT_MS);
      request.once('socket', () => {
        clearTimeout(poolWait);
        if (!settled) timer = setTimeout(() => finish(new XksCallError({ kind: 'timeout' }, `no answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
      });
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
async function signedHeaders(signer: SignatureV4, host: string, path: string, payload: Buffer): Promise<Record<string, string>> {
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
