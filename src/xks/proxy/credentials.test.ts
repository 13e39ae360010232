import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialSet, credentialsFromEnvironment, readCredentialsFile } from './credentials.js';

const SECRET_43 = 'a'.repeat(43);
const SECRET_64 = 'A'.repeat(64);

test('secrets of 43 to 64 characters, access key ids of 20 to 30 base32 characters', () => {
  assert.equal(credentialSet([{ accessKeyId: 'A'.repeat(20), secretAccessKey: SECRET_43 }, { accessKeyId: '7'.repeat(30), secretAccessKey: SECRET_64 }], 't').size, 2);
  for (const [accessKeyId, secretAccessKey] of [
    ['A'.repeat(19), SECRET_43],
    ['A'.repeat(31), SECRET_43],
    ['AAAAAAAAAAAAAAAAAAA1', SECRET_43],
    ['A'.repeat(20), 'a'.repeat(42)],
    ['A'.repeat(20), 'a'.repeat(65)],
    ['A'.repeat(20), `${'a'.repeat(42)}-`],
  ] as const) {
    assert.throws(() => credentialSet([{ accessKeyId, secretAccessKey }], 't'), { name: 'CredentialsError' }, `${accessKeyId} ${secretAccessKey}`);
  }
  assert.throws(() => credentialSet([], 't'), /no credential/);
  assert.throws(() => credentialSet([{ accessKeyId: 'A'.repeat(20), secretAccessKey: SECRET_43 }, { accessKeyId: 'A'.repeat(20), secretAccessKey: SECRET_64 }], 't'), /twice/);
});

test('the environment gives one credential, and both variables or neither', () => {
  assert.equal(credentialsFromEnvironment({}), undefined);
  assert.equal(credentialsFromEnvironment({ XKS_PROXY_ACCESS_KEY_ID: 'A'.repeat(20), XKS_PROXY_SECRET_ACCESS_KEY: SECRET_43 })?.get('A'.repeat(20)), SECRET_43);
  assert.throws(() => credentialsFromEnvironment({ XKS_PROXY_ACCESS_KEY_ID: 'A'.repeat(20) }), /together/);
});

test('a credentials file with the KMS API member names; anything else is refused with its path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xks-credentials-'));
  try {
    const path = join(dir, 'credentials.json');
    writeFileSync(path, JSON.stringify({ credentials: [{ AccessKeyId: 'B'.repeat(20), RawSecretAccessKey: SECRET_64 }] }));
    assert.equal(readCredentialsFile(path).get('B'.repeat(20)), SECRET_64);
    for (const text of ['{', '{}', '{"credentials":[{"AccessKeyId":1}]}']) {
      writeFileSync(path, text);
      assert.throws(() => readCredentialsFile(path), (error: Error) => error.message.includes(path));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
