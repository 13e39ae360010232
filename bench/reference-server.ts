// The reference for Encrypt: a minimal ideal node:http server that only verifies SigV4 (signing key cached per day)
// and AES-256-GCM-encrypts the Plaintext — no storage, no policy, no audit. openkms's Encrypt is measured against it.
// Run as its own process: `node --import tsx bench/reference-server.ts PORT` with BENCH_ACCESS_KEY_ID and
// BENCH_SECRET_ACCESS_KEY set.

import { createServer, type IncomingHttpHeaders } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createCipheriv, createHash, createHmac, randomBytes, randomFillSync, randomUUID, timingSafeEqual } from 'node:crypto';

/** AWS accepts a request signed up to 5 minutes away from its own clock (kms-behaviour.md 8.3). */
const MAX_SKEW_MS = 5 * 60_000;
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/00000000-0000-4000-8000-000000000000';

export interface ReferenceCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The derived SigV4 signing key per secret and scope (`date/region/service`), as any serious verifier caches it. */
const signingKeys = new Map<string, Buffer>();

function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const scope = `${secret}/${date}/${region}/${service}`;
  let key = signingKeys.get(scope);
  if (key === undefined) {
    const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
    const kRegion = createHmac('sha256', kDate).update(region).digest();
    const kService = createHmac('sha256', kRegion).update(service).digest();
    key = createHmac('sha256', kService).update('aws4_request').digest();
    signingKeys.set(scope, key);
  }
  return key;
}

const AUTH_PATTERN = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/** Recomputes the header-form SigV4 signature of a POST / with no query string; true when it matches. */
export function verifySigV4(headers: IncomingHttpHeaders, body: Buffer, credentials: ReferenceCredentials, now: number): boolean {
  const match = AUTH_PATTERN.exec(header(headers, 'authorization'));
  if (match === null) return false;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as string[];
  if (accessKeyId !== credentials.accessKeyId) return false;
  const amzDate = header(headers, 'x-amz-date');
  if (amzDate.length !== 16 || !amzDate.startsWith(date!)) return false;
  const signedAt = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
  if (Math.abs(now - signedAt) > MAX_SKEW_MS) return false;
  let canonicalHeaders = '';
  for (const name of signedHeaders!.split(';')) canonicalHeaders += `${name}:${header(headers, name).trim().replace(/\s+/g, ' ')}\n`;
  const payloadHash = createHash('sha256').update(body).digest('hex');
  const canonicalRequest = `POST\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
  const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${date}/${region}/${service}/aws4_request\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const expected = createHmac('sha256', signingKey(credentials.secretAccessKey, date!, region!, service!)).update(stringToSign).digest();
  return timingSafeEqual(expected, Buffer.from(signature!, 'hex'));
}

/**
 * 12-byte GCM IVs cut from a pool of random bytes refilled 4 KiB at a time: one OpenSSL RAND_bytes call per request
 * costs more than the AES-GCM of 1 KiB (node's randomUUID pools its entropy the same way).
 */
const ivPool = Buffer.alloc(12 * 341);
let ivOffset = ivPool.length;

function nextIv(): Buffer {
  if (ivOffset === ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  ivOffset += 12;
  return ivPool.subarray(ivOffset - 12, ivOffset);
}

export function startReferenceServer(port: number, credentials: ReferenceCredentials, host = '127.0.0.1'): Promise<void> {
  const dataKey = randomBytes(32);
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const requestId = randomUUID();
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
        return;
      }
      const body = Buffer.concat(chunks);
      if (!verifySigV4(req.headers, body, credentials, Date.now())) {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId });
        res.end('{"__type":"InvalidSignatureException","message":"The request signature we calculated does not match the signature you provided."}');
        return;
      }
      const input = JSON.parse(body.toString('utf8')) as { Plaintext?: string };
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
      const ciphertext = Buffer.concat([iv, cipher.update(Buffer.from(input.Plaintext ?? '', 'base64')), cipher.final(), cipher.getAuthTag()]);
      const output = JSON.stringify({ CiphertextBlob: ciphertext.toString('base64'), KeyId: KEY_ARN, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(output) });
      res.end(output);
    });
  });
  return new Promise((resolve) => server.listen(port, host, () => resolve()));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.argv[2] ?? 0);
  const accessKeyId = process.env.BENCH_ACCESS_KEY_ID;
  const secretAccessKey = process.env.BENCH_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new Error('set BENCH_ACCESS_KEY_ID and BENCH_SECRET_ACCESS_KEY');
  await startReferenceServer(port, { accessKeyId, secretAccessKey });
  process.stdout.write(`reference server listening on ${port}\n`);
  // Exiting through process.exit lets `node --cpu-prof` write its profile.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
}
