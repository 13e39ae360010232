// Signs one fixed AWS JSON 1.1 KMS request with AWS's own SigV4 signer, so wrk can replay the exact bytes. AWS accepts
// a signature for 5 minutes and does not reject replays within that window, so replaying one request is real load.

import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A request ready to go on the wire: header names as sent, the body as the exact signed bytes. */
export interface FixedRequest {
  method: 'POST';
  /** `/` for KMS; an XKS proxy's API path for its scenarios. */
  path: string;
  headers: Record<string, string>;
  body: string;
  /** When it was signed: replays are accepted until 5 minutes after (kms-behaviour.md 8.3). */
  signedAt: Date;
}

export const BENCH_REGION = 'us-east-1';
/** Not signed, as with the SDKs; the audit record stores it. */
const USER_AGENT = 'openkms-bench/1.0';

/** Signs `TrentService.<operation>` with `input` as its JSON body for the server at host:port. */
export async function signedRequest(
  host: string,
  port: number,
  operation: string,
  input: object,
  credentials: Credentials,
  now: Date = new Date(),
): Promise<FixedRequest> {
  const body = JSON.stringify(input);
  const signer = new SignatureV4({
    credentials,
    region: BENCH_REGION,
    service: 'kms',
    sha256: Hash.bind(null, 'sha256'),
    // @aws-sdk/client-kms does not send x-amz-content-sha256; neither do we.
    applyChecksum: false,
  });
  const unsigned = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: host,
    port,
    path: '/',
    headers: {
      host: `${host}:${port}`,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `TrentService.${operation}`,
    },
    body,
  });
  const signed = await signer.sign(unsigned, { signingDate: now });
  return {
    method: 'POST',
    path: '/',
    headers: { ...(signed.headers as Record<string, string>), 'user-agent': USER_AGENT },
    body,
    signedAt: now,
  };
}
