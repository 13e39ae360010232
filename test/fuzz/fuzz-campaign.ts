// The fuzzing suite's properties over one running openkms: model-driven requests for all 54 operations, protocol
// garbage, raw socket bytes, bodies that are not UTF-8, and garbage after a valid request on one connection.

import fc from 'fast-check';
import { ANSWER_WITHIN_MS, type Expectation } from './answer-checks.js';
import { garbageCase, pipelinedGarbageCase, rawCase, type GarbageCase, type RawCase } from './protocol-garbage.js';
import { kmsCase, kmsHttpCase, type KmsCase } from './request-arbitraries.js';
import { sendRaw, signedHeaders, type HttpCase } from './send-request.js';
import type { FuzzTarget } from './fuzz-target.js';

export const PROPERTY_NAMES = ['model', 'garbage', 'raw', 'invalid-utf8', 'pipelined-garbage'] as const;
export type PropertyName = (typeof PROPERTY_NAMES)[number];

/** What each property checks, as the test titles and the runner's report say it. */
export const PROPERTY_TITLES: Record<PropertyName, string> = {
  model: 'mutated requests for all 54 operations: no 5xx, answers within 5 s, AWS-shaped errors, failed requests change nothing',
  garbage: 'protocol garbage (targets, content types, bodies, signatures, methods and paths): AWS-shaped 4xx answers, nothing changed',
  raw: 'raw bytes on a socket: no 5xx, the connection ends within 5 s, the server keeps answering, nothing changed',
  // Was a defect: bodies were decoded with U+FFFD replacements, so such a request went on and could even succeed.
  'invalid-utf8': 'a body that is not UTF-8 answers SerializationException and changes nothing',
  // Was a defect found by this suite: the listener's 400 for the garbage overtook the answer in flight (pipelinedGarbageCase).
  'pipelined-garbage': 'a valid request followed by garbage on one connection is answered before the 400',
};

/** A signed request for a KMS operation is refused for an invalid UTF-8 body before anything else is looked at. */
const NOT_UTF8: Expectation['error'] = { types: ['SerializationException'], because: 'a JSON body must be UTF-8 (RFC 8259 section 8.1): bad bytes are refused, not replaced with U+FFFD' };

async function sendKmsCase(target: FuzzTarget, c: KmsCase, group: string, error?: Expectation['error']): Promise<void> {
  await target.exchange(group, kmsHttpCase(c), { target: { api: 'kms', operation: c.operation }, ...(error ? { error } : {}) });
}

async function rawBytes(target: FuzzTarget, c: RawCase): Promise<Buffer> {
  const url = new URL(target.url);
  const parts = await Promise.all(
    c.parts.map(async (part) => {
      if (Buffer.isBuffer(part)) return part;
      const http: HttpCase = { ...part.signed, sign: { ...part.signed.sign!, signingDate: new Date() } };
      const headers = await signedHeaders(url, http);
      const head = [`${http.method} ${http.path} HTTP/1.1`, ...Object.entries({ ...headers, 'content-length': String(http.body.length) }).map(([n, v]) => `${n}: ${v}`)];
      return Buffer.concat([Buffer.from(head.join('\r\n') + '\r\n\r\n'), http.body]);
    }),
  );
  return Buffer.concat(parts);
}

/** A signed ListKeys that must succeed: the server is still up and answering after whatever came before. */
async function stillAnswers(target: FuzzTarget): Promise<void> {
  const answer = await target.exchange('health after raw bytes', kmsHttpCase({ kind: 'kms', operation: 'ListKeys', caller: 'admin', region: 'us-east-1', input: { Limit: 1 }, mutations: [] }), {
    target: { api: 'kms', operation: 'ListKeys' },
  });
  if (answer.status !== 200) throw new Error(`the server no longer answers a valid ListKeys: HTTP ${answer.status}`);
}

async function sendRawCase(target: FuzzTarget, c: RawCase): Promise<void> {
  target.requests++;
  const answer = await sendRaw(target.url, await rawBytes(target, c), ANSWER_WITHIN_MS);
  target.count(c.group, answer.timedOut ? 'still open after 5 s' : answer.statuses.length ? answer.statuses.join(' ') : 'closed without an answer');
  const problems: string[] = [];
  // 400 and 431 come from node's HTTP parser, 413 from the listener's body limit, 100 Continue from node when a request
  // asks for it (before its final answer); anything else is unexpected.
  for (const status of answer.statuses) if (![100, 200, 400, 413, 431].includes(status)) problems.push(`HTTP ${status} on a raw connection`);
  if (answer.timedOut) problems.push(`the server kept the connection open ${ANSWER_WITHIN_MS} ms after the request ended`);
  if (c.firstStatus && answer.statuses[0] !== c.firstStatus.status) {
    problems.push(`first answer ${answer.statuses[0] ?? 'none'}, expected ${c.firstStatus.status}: ${c.firstStatus.because}`);
  }
  if (problems.length) throw new Error(`${problems.join('\n')}\nanswer: ${JSON.stringify(answer.bytes.subarray(0, 300).toString('latin1'))}`);
  target.checkUnchanged('raw bytes');
  await stillAnswers(target);
}

export type FuzzCase = KmsCase | GarbageCase | RawCase;

const arbitraryOf: Record<PropertyName, (target: FuzzTarget) => fc.Arbitrary<FuzzCase>> = {
  model: (target) => kmsCase(target.fixture),
  'invalid-utf8': (target) => kmsCase(target.fixture, 'invalid-utf8'),
  garbage: (target) => garbageCase(target.fixture),
  raw: (target) => rawCase(target.fixture),
  'pipelined-garbage': (target) => pipelinedGarbageCase(target.fixture),
};

/** One property of the suite over `target`; each run sends one case (a raw case also sends a ListKeys after it). */
export function fuzzProperty(target: FuzzTarget, name: PropertyName): fc.IAsyncPropertyWithHooks<[FuzzCase]> {
  return fc.asyncProperty(arbitraryOf[name](target), async (c) => {
    if (c.kind === 'raw') return sendRawCase(target, c);
    if (c.kind === 'http') return void (await target.exchange(c.group, c.http, c.expect));
    if (name === 'invalid-utf8') return sendKmsCase(target, c, `invalid UTF-8: ${c.operation}`, NOT_UTF8);
    return sendKmsCase(target, c, c.operation);
  });
}
