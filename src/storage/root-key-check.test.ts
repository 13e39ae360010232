import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { judgeRootKey, newCheckValue, RootKeyMismatchError, type SealedValue } from './root-key-check.js';
import { Sealer } from '../crypto/sealer.js';
import { accessKeyAad } from './sealing-aad.js';

const rootKey = randomBytes(32);
const sealer = new Sealer(rootKey);
const other = new Sealer(randomBytes(32));
const secret = (under: Sealer, id: string): SealedValue => ({ sealed: under.seal(Buffer.from('secret'), accessKeyAad(id)), aad: accessKeyAad(id) });
const none = () => [];

test('the check value written under a root key verifies under the same key', () => {
  assert.equal(judgeRootKey(sealer, newCheckValue(sealer), none), 'verified');
  assert.equal(judgeRootKey(new Sealer(rootKey), newCheckValue(sealer), none), 'verified');
});

test('the check value under another key is a mismatch, whatever the sealed secrets say', () => {
  assert.throws(
    () => judgeRootKey(sealer, newCheckValue(other), () => [secret(sealer, 'AKIA1')]),
    (error: unknown) => error instanceof RootKeyMismatchError && error.message === 'its check value does not open',
  );
});

test('a check value that is not one (garbage, truncated, another sealed value) is a mismatch', () => {
  const sealedElsewhere = secret(sealer, 'AKIA1').sealed.toString('base64');
  for (const value of ['garbage', newCheckValue(sealer).slice(0, 20), sealedElsewhere]) {
    assert.throws(() => judgeRootKey(sealer, value, none), RootKeyMismatchError, value);
  }
});

test('without a check value, the sealed secrets decide: one that opens is enough to adopt the key', () => {
  let read = 0;
  const samples = () => (read++, [secret(other, 'AKIA0'), secret(sealer, 'AKIA1')]);
  assert.equal(judgeRootKey(sealer, undefined, samples), 'adopt');
  assert.equal(read, 1);
});

test('without a check value, a key that opens none of the sealed secrets is a mismatch', () => {
  assert.throws(
    () => judgeRootKey(other, undefined, () => [secret(sealer, 'AKIA1'), secret(sealer, 'AKIA2')]),
    (error: unknown) => error instanceof RootKeyMismatchError && error.message === 'none of the 2 sealed secrets examined opens',
  );
});

test('a secret moved to another row (other AAD) does not count for the key', () => {
  const moved = { sealed: secret(sealer, 'AKIA1').sealed, aad: accessKeyAad('AKIA2') };
  assert.throws(() => judgeRootKey(sealer, undefined, () => [moved]), RootKeyMismatchError);
});

test('a database with nothing sealed yet adopts any key', () => {
  assert.equal(judgeRootKey(other, undefined, none), 'adopt');
});

test('the sealed secrets are not read when there is a check value', () => {
  assert.equal(
    judgeRootKey(sealer, newCheckValue(sealer), () => assert.fail('read the secrets')),
    'verified',
  );
});
