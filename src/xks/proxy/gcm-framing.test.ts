import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ciphertextDataIntegrityValue, gcmAad } from './gcm-framing.js';

test("the CDIV of the spec's test vector", () => {
  const cdiv = ciphertextDataIntegrityValue(
    Buffer.from('project=nile,department=marketing'),
    Buffer.from('key_version=1'),
    Buffer.from('1ccae5470f39700254779031', 'hex'),
    Buffer.from('821c642b5b71783367deaf18', 'hex'),
    Buffer.from('bc1c4dda7707d6812447c5955e99b261', 'hex'),
  );
  assert.equal(cdiv.toString('base64'), 'qHA/ImC9h5HsLRXqCyPmWgYx7tzyoTplzILbP0fPXsc=');
});

test('the GCM AAD frames both parts with their lengths, so bytes moved between them change it', () => {
  assert.equal(gcmAad(Buffer.from('ab'), Buffer.from([1])).toString('hex'), '0002616201' + '01');
  assert.equal(gcmAad(Buffer.alloc(0), Buffer.alloc(0)).toString('hex'), '000000');
  assert.notDeepEqual(gcmAad(Buffer.from('ab\x01'), Buffer.alloc(0)), gcmAad(Buffer.from('ab'), Buffer.from([1])));
});
