// Holds the fast SigV4 path (signature-calculator.ts) to AWS's own signer (@smithy/signature-v4, via
// the reference calculator) on fuzzed requests, and checks the derived-key cache's isolation and bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCredential } from './credential-scope.js';
import { ReferenceSignatureCalculator } from './reference-signature-calculator.test-helper.js';
import {
  buildCanonicalRequest,
  buildStringToSign,
  cachedSigningKeyCount,
  computeSignature,
  MAX_CACHED_SIGNING_KEYS,
  payloadHash,
  signingKeyFor,
  type SignedContent,
} from './signature-calculator.js';
import type { QueryParams } from './query-params.js';

const reference = new ReferenceSignatureCalculator();

const text = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ' ', '\t', ',', '%', '/', '+', '=', '&', '~', '!', '*', "'", '(', 'é', '😀', '.', '-', '_'), maxLength: 12 });
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const pathSegment = fc.oneof(text, fc.constantFrom('.', '..', '', '%2F', '%20', 'a%2Fb'));

const content: fc.Arbitrary<SignedContent> = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT'),
    segments: fc.array(pathSegment, { maxLength: 5 }),
    trailingSlash: fc.boolean(),
    query: fc.dictionary(text, fc.oneof(text, fc.array(text, { minLength: 1, maxLength: 3 })), { maxKeys: 4 }),
    headers: fc.dictionary(headerName, text, { maxKeys: 5 }),
    host: text,
    body: fc.uint8Array({ maxLength: 64 }),
    date: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true }),
    region: fc.constantFrom('us-east-1', 'eu-west-3', 'cn-north-1'),
    service: fc.constantFrom('kms', 'sts'),
  })
  .map((r) => {
    const longDate = r.date.toISOString().replace(/[-:]|\.\d{3}/g, '');
    const query = Object.assign(Object.create(null) as QueryParams, r.query);
    const headers = Object.assign(Object.create(null) as Record<string, string>, r.headers, { host: r.host });
    return {
      method: r.method,
      path: `/${r.segments.join('/')}${r.trailingSlash ? '/' : ''}`,
      query,
      headers,
      payloadHash: payloadHash(Buffer.from(r.body)),
      longDate,
      credential: parseCredential(`AKIDEXAMPLE/${longDate.slice(0, 8)}/${r.region}/${r.service}/aws4_request`),
    };
  });

test('the fast path agrees with @smithy/signature-v4 on fuzzed requests', async () => {
  await fc.assert(
    fc.asyncProperty(content, fc.string({ minLength: 1, maxLength: 40 }), async (c, secret) => {
      assert.equal(buildCanonicalRequest(c), reference.canonicalRequest(c));
      assert.equal(buildStringToSign(c), await reference.stringToSign(c));
      assert.equal(computeSignature(c, secret), await reference.signature(c, secret));
    }),
    { numRuns: 400 },
  );
});

const scope = (accessKeyId: string, date = '20150830') => parseCredential(`${accessKeyId}/${date}/us-east-1/kms/aws4_request`);

test("a cached signing key for one access key never serves another key's scope", () => {
  const a = signingKeyFor(scope('AKIAAAAAAAAAAAAAAAAA'), 'secret-a');
  const b = signingKeyFor(scope('AKIABBBBBBBBBBBBBBBB'), 'secret-a');
  // Same secret and scope but another id: a separate entry (the keys are equal only because the secret is).
  assert.deepEqual(a, b);
  const c = signingKeyFor(scope('AKIABBBBBBBBBBBBBBBB'), 'secret-b');
  assert.notDeepEqual(a, c);
  assert.deepEqual(signingKeyFor(scope('AKIAAAAAAAAAAAAAAAAA'), 'secret-a'), a);
});

test('a changed secret derives a new signing key instead of using the cached one', () => {
  const id = 'AKIACHANGEDSECRET000';
  const before = signingKeyFor(scope(id), 'old-secret');
  const after = signingKeyFor(scope(id), 'new-secret');
  assert.notDeepEqual(before, after);
  assert.deepEqual(after, signingKeyFor(scope('AKIAOTHER00000000000'), 'new-secret'));
});

test('the signing key cache stays bounded when filled past its cap', () => {
  for (let i = 0; i < MAX_CACHED_SIGNING_KEYS + 200; i++) signingKeyFor(scope(`AKIAFILL${String(i).padStart(12, '0')}`), 's');
  assert.equal(cachedSigningKeyCount(), MAX_CACHED_SIGNING_KEYS);
  // The most recent entries are still correct after eviction.
  const last = scope(`AKIAFILL${String(MAX_CACHED_SIGNING_KEYS + 199).padStart(12, '0')}`);
  assert.deepEqual(signingKeyFor(last, 's'), signingKeyFor(scope('AKIAFRESH00000000000'), 's'));
});
