// Raw signed calls to an XKS proxy, signed as AWS KMS signs them (SigV4, service kms-xks-proxy, SignedHeaders
// host;x-amz-date, no x-amz-content-sha256), sent with node:http(s) so a test can give a CA, a client certificate,
// or change the request after signing. Shared by the proxy's integration tests and its CLI tests.

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';

export interface XksCredential {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface XksCallOptions {
  /** The proxy's base, e.g. `https://127.0.0.1:4443`. */
  url: string;
  path: string;
  /** A JSON value (sent as compact JSON) or the exact body text. */
  body: unknown;
  /** Unsigned when undefined. */
  credential?: XksCredential;
  region?: string;
  service?: string;
  signingDate?: Date;
  method?: string;
  /** Headers added after signing (not signed). */
  extraHeaders?: Record<string, string>;
  /** Headers to sign beside host and x-amz-date (as curl signs content-type). */
  signContentType?: boolean;
  /** Changes the body after signing (a replay with an altered body). */
  alterBody?: (body: string) => string;
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer; servername?: string };
}

export interface XksAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

export async function signedXksHeaders(options: XksCallOptions, bodyText: string): Promise<Record<string, string>> {
  const url = new URL(options.url);
  const headers: Record<string, string> = { host: url.host };
  if (options.signContentType) headers['content-type'] = 'application/json';
  if (options.credential === undefined) return headers;
  const signer = new SignatureV4({
    credentials: options.credential,
    region: options.region ?? 'us-east-1',
    service: options.service ?? 'kms-xks-proxy',
    sha256: Hash.bind(null, 'sha256'),
    applyChecksum: false,
  });
  const signed = await signer.sign(
    new HttpRequest({ method: options.method ?? 'POST', protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: options.path, headers, body: bodyText }),
    { signingDate: options.signingDate ?? new Date() },
  );
  return signed.headers as Record<string, string>;
}

export async function xksCall(options: XksCallOptions): Promise<XksAnswer> {
  const bodyText = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...(await signedXksHeaders(options, bodyText)), 'content-type': 'application/json', ...options.extraHeaders };
  const sent = options.alterBody ? options.alterBody(bodyText) : bodyText;
  headers['content-length'] = String(Buffer.byteLength(sent));
  const url = new URL(options.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      {
        host: url.hostname,
        port: url.port,
        path: options.path,
        method: options.method ?? 'POST',
        headers,
        agent: false,
        ...(options.tls ?? {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // not JSON: the test looks at text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(sent);
  });
}

/** The requestMetadata AWS KMS sends with Encrypt and Decrypt. */
export function cryptoMetadata(operation = 'Encrypt') {
  return {
    awsPrincipalArn: 'arn:aws:iam::111122223333:user/Alice',
    kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    kmsOperation: operation,
    kmsRequestId: '4112f4d6-db54-4af4-ae30-c55a22a8dfae',
  };
}
