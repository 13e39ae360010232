// When the audit trail cannot take a record (the disk is full), no call is answered without one: KMS, CloudTrail,
// STS and IAM answer a server fault instead, and a state change whose record fails is not made.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AuditSink } from '../audit/audit-sink.js';
import { Authenticator } from '../auth/authenticator.js';
import { ImportTokenService } from '../crypto/import-token-service.js';
import { KeyStores } from '../keystore/key-stores.js';
import { KeyMaterialService } from '../keystore/local/key-material-service.js';
import { LocalKeyStore } from '../keystore/local/local-key-store.js';
import { systemClock } from '../domain/clock.js';
import { operationHandlers } from '../operations/index.js';
import { PolicyAuthorizer } from '../authz/policy-authorizer.js';
import { Sealer } from '../crypto/sealer.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { CloudTrailPipeline } from './cloudtrail-pipeline.js';
import { KmsPipeline } from './kms-pipeline.js';
import { Router } from './router.js';
import { StsPipeline } from './sts-pipeline.js';
import { IamPipeline } from './iam-pipeline.js';
import type { ApiResponse } from './http-request.js';

const ACCOUNT = '111122223333';
const diskFull = () => Promise.reject(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
/** An audit trail on a full disk: every write fails, as SQLite's do with SQLITE_FULL. */
const fullAuditTrail: AuditSink = {
  append: diskFull,
  appendInTransaction: diskFull,
  appendServiceEvent: diskFull,
  close: async () => undefined,
};

let store: SqliteStore;
let router: Router;
const logged: string[] = [];

before(() => {
  store = new SqliteStore(':memory:', new Sealer(randomBytes(32)));
  const authenticator = new Authenticator(store, { dev: true, defaultAccountId: ACCOUNT });
  const authorizer = new PolicyAuthorizer(store, { dev: true });
  const logError = (message: string) => void logged.push(message);
  const clock = systemClock;
  const keyMaterial = new KeyMaterialService();
  const kms = new KmsPipeline({
    store,
    keyStores: new KeyStores(new LocalKeyStore(store, keyMaterial)),
    keyPairs: keyMaterial.keyPairs,
    importTokens: new ImportTokenService(randomBytes(32)),
    authenticator,
    authorizer,
    audit: fullAuditTrail,
    clock,
    handlers: operationHandlers,
    logError,
  });
  const cloudtrail = new CloudTrailPipeline({ store, authenticator, authorizer, audit: fullAuditTrail, clock, logError });
  const sts = new StsPipeline({ store, authenticator, audit: fullAuditTrail, clock, dev: true, logError });
  const iam = new IamPipeline({ store, authenticator, audit: fullAuditTrail, clock, dev: true, logError });
  router = new Router(kms, cloudtrail, sts, iam);
});
after(async () => {
  await store.close();
});

async function call(service: string, headers: Record<string, string>, body: string): Promise<ApiResponse> {
  const signer = new SignatureV4({
    service,
    region: 'us-east-1',
    sha256: Hash.bind(null, 'sha256'),
    credentials: { accessKeyId: ACCOUNT, secretAccessKey: 'not checked in dev mode' },
  });
  const signed = await signer.sign(
    new HttpRequest({ method: 'POST', protocol: 'http:', hostname: 'localhost', path: '/', headers: { host: 'localhost', ...headers }, body }),
  );
  return router.route({ method: 'POST', path: '/', query: '', headers: signed.headers, body: Buffer.from(body), sourceIp: '127.0.0.1' });
}

const kms = (operation: string, input: object) =>
  call('kms', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${operation}` }, JSON.stringify(input));

function assertServerFault(response: ApiResponse): void {
  assert.equal(response.status, 500);
  assert.deepEqual(JSON.parse(response.body), { __type: 'KMSInternalException', message: 'An internal error occurred. Retry the request.' });
}

describe('the audit trail cannot take a record', () => {
  test('a call that fails (NotFoundException) is answered KMSInternalException, not with its unrecorded 400', async () => {
    assertServerFault(await kms('DescribeKey', { KeyId: '11111111-2222-4333-8444-555555555555' }));
    assert.ok(logged.some((message) => message.includes('audit record')));
  });

  test('a read-only call that succeeds (ListKeys) is answered KMSInternalException, without its output', async () => {
    const response = await kms('ListKeys', {});
    assertServerFault(response);
    assert.doesNotMatch(response.body, /Keys/);
  });

  test('a state change whose record fails (CreateKey) is not made', async () => {
    assertServerFault(await kms('CreateKey', {}));
    assert.equal((await store.listKeys({ accountId: ACCOUNT, region: 'us-east-1' }, 100, undefined)).items.length, 0);
  });

  test('a request refused before it authenticates is answered KMSInternalException too', async () => {
    const response = await router.route({
      method: 'POST',
      path: '/',
      query: '',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' },
      body: Buffer.from('{}'),
      sourceIp: '127.0.0.1',
    });
    assertServerFault(response);
  });

  test('CloudTrail LookupEvents and STS answer their server faults', async () => {
    const lookup = await call(
      'cloudtrail',
      { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents' },
      '{}',
    );
    assertServerFault(lookup);
    const sts = await call('sts', { 'content-type': 'application/x-www-form-urlencoded' }, 'Action=GetCallerIdentity&Version=2011-06-15');
    assert.equal(sts.status, 500);
    assert.match(sts.body, /<Code>InternalFailure<\/Code>/);
    assert.doesNotMatch(sts.body, /<Account>/);
  });

  test('IAM: a read answers ServiceFailure without its output; a change whose record fails (CreateUser) is not made', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const list = await call('iam', form, 'Action=ListUsers&Version=2010-05-08');
    assert.equal(list.status, 500);
    assert.match(list.body, /<Code>ServiceFailure<\/Code>/);
    assert.doesNotMatch(list.body, /<Users/);
    const created = await call('iam', form, 'Action=CreateUser&Version=2010-05-08&UserName=unrecorded');
    assert.equal(created.status, 500);
    assert.match(created.body, /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">/);
    assert.equal((await store.listPrincipals(ACCOUNT)).length, 0);
  });
});
