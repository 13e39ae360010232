import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkUriPrefix, routeOf } from './route.js';

test('routes of the four APIs under a prefix', () => {
  const served = new Set(['/a/b']);
  assert.deepEqual(routeOf('/a/b/kms/xks/v1/health', served), { api: 'GetHealthStatus', prefix: '/a/b' });
  assert.deepEqual(routeOf('/a/b/kms/xks/v1/keys/k.1_-A/decrypt', served), { api: 'Decrypt', prefix: '/a/b', externalKeyId: 'k.1_-A' });
  assert.equal(routeOf('/kms/xks/v1/keys/k/metadata', new Set([''])).api, 'GetKeyMetadata');
  for (const path of ['/a/kms/xks/v1/health', '/a/b/kms/xks/v2/health', '/a/b/kms/xks/v1/keys//encrypt', '/a/b/kms/xks/v1/keys/k/encrypt/']) {
    assert.throws(() => routeOf(path, served), { name: 'InvalidUriPathException' }, path);
  }
});

test('a URI prefix is what may precede /kms/xks/v1 in an XksProxyUriPath', () => {
  for (const ok of ['', '/example/uri/path/prefix', '/a_b-C/9']) assert.equal(checkUriPrefix(ok), undefined, ok);
  for (const bad of ['/', 'a', '/a/', '/a b', '/a.b', '/x/kms/xks/v1', `/${'a'.repeat(118)}`]) assert.notEqual(checkUriPrefix(bad), undefined, bad);
});
