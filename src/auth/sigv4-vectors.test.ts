// Runs the official AWS SigV4 test suite (header form) and aws-c-auth's presigned requests
// (query form) through parseSignature/verifySignature; sources in test/vectors/sigv4/README.md.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { InvalidSignatureException } from '../api/errors.js';
import { parseSignature, signedStrings, verifySignature, type IncomingSignedRequest } from './sigv4.js';

const VECTORS = new URL('../../test/vectors/sigv4/', import.meta.url);
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SIGNED_AT = new Date('2015-08-30T12:36:00Z');

/**
 * An HTTP/1.1 request as the suite writes it: `METHOD target HTTP/1.1` (the target may contain a
 * space), `Name:value` lines, a blank line, the body. Repeated headers become arrays, as in
 * node's `headersDistinct`; values are trimmed, as node does.
 */
function parseHttpMessage(text: string): IncomingSignedRequest {
  const blank = text.indexOf('\n\n');
  const head = blank === -1 ? text : text.slice(0, blank);
  const body = blank === -1 ? '' : text.slice(blank + 2);
  const [requestLine = '', ...lines] = head.split('\n');
  const method = requestLine.slice(0, requestLine.indexOf(' '));
  const target = requestLine.slice(requestLine.indexOf(' ') + 1, requestLine.lastIndexOf(' '));
  const question = target.indexOf('?');
  const headers: Record<string, string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    (headers[name] ??= []).push(line.slice(colon + 1).trim());
  }
  return {
    method,
    path: question === -1 ? target : target.slice(0, question),
    query: question === -1 ? '' : target.slice(question + 1),
    headers,
    body: Buffer.from(body, 'utf8'),
  };
}

function read(dir: URL, file: string): string | undefined {
  const url = new URL(file, dir);
  return existsSync(url) ? readFileSync(url, 'utf8') : undefined;
}

describe('AWS Signature Version 4 test suite (header form)', () => {
  const suite = new URL('aws-sig-v4-test-suite/', VECTORS);
  const cases = readdirSync(suite).sort();

  test('the suite holds the 28 cases listed in the README', () => {
    assert.equal(cases.length, 28);
  });

  for (const name of cases) {
    const dir = new URL(`${name}/`, suite);
    const signedRequest = read(dir, `${name}.sreq`) as string;

    test(`${name}: the signed request verifies and its parts match the suite's files`, async () => {
      const req = parseHttpMessage(signedRequest);
      const claims = parseSignature(req);
      assert.deepEqual(
        { accessKeyId: claims.accessKeyId, region: claims.region, service: claims.service, form: claims.form },
        { accessKeyId: 'AKIDEXAMPLE', region: 'us-east-1', service: 'service', form: 'header' },
      );
      assert.equal(claims.signingDate.toISOString(), SIGNED_AT.toISOString());
      const authz = read(dir, `${name}.authz`);
      if (authz !== undefined) assert.equal((req.headers['authorization'] as string[])[0], authz);
      const strings = await signedStrings(req, claims);
      const creq = read(dir, `${name}.creq`);
      if (creq !== undefined) assert.equal(strings.canonicalRequest, creq);
      const sts = read(dir, `${name}.sts`);
      if (sts !== undefined) assert.equal(strings.stringToSign, sts);
      await verifySignature(req, claims, SECRET, SIGNED_AT);
    });

    test(`${name}: another secret is refused`, async () => {
      const req = parseHttpMessage(signedRequest);
      await assert.rejects(
        verifySignature(req, parseSignature(req), SECRET.replace('EXAMPLE', 'EXAMPLF'), SIGNED_AT),
        (e: unknown) => e instanceof InvalidSignatureException && e.message.startsWith('The request signature we calculated'),
      );
    });
  }

  test('post-sts-header-after: an unsigned X-Amz-Security-Token header still reaches the claims', () => {
    const req = parseHttpMessage(read(new URL('post-sts-header-after/', suite), 'post-sts-header-after.sreq') as string);
    assert.match(parseSignature(req).securityToken ?? '', /^AQoDYXdzEPT\/\//);
  });
});

describe('aws-c-auth presigned requests (query form)', () => {
  const suite = new URL('aws-c-auth-query/', VECTORS);
  for (const name of readdirSync(suite).sort()) {
    const text = read(new URL(`${name}/`, suite), 'query-signed-request.txt') as string;

    test(`${name}: the presigned request verifies within its X-Amz-Expires of 3600 s`, async () => {
      const req = parseHttpMessage(text);
      const claims = parseSignature(req);
      assert.equal(claims.form, 'query');
      assert.equal(claims.accessKeyId, 'AKIDEXAMPLE');
      await verifySignature(req, claims, SECRET, new Date(SIGNED_AT.getTime() + 3600_000));
    });

    test(`${name}: one second past X-Amz-Expires it has expired`, async () => {
      const req = parseHttpMessage(text);
      await assert.rejects(
        verifySignature(req, parseSignature(req), SECRET, new Date(SIGNED_AT.getTime() + 3601_000)),
        {
          name: 'InvalidSignatureException',
          message: 'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T133601Z - 60 min.)',
        },
      );
    });
  }
});
