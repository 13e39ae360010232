// Unit tests of the key-material model: the key state, ExpirationModel and ValidTo a key's materials imply
// (docs/kms-behaviour.md 1.1, 2.4, 4.5-4.6).

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyMaterialsToKey } from './key-material.js';
import { days, externalKey as key, importedMaterial as material } from './key-material.test-helper.js';

describe('applyMaterialsToKey', () => {
  test('all permanent material present: Enabled, ValidTo is the earliest expiry among permanent materials only', () => {
    const k = key();
    applyMaterialsToKey(k, [material('a', 'NON_CURRENT', days(9)), material('b', 'CURRENT', days(20)), material('c', 'PENDING_ROTATION', days(2))]);
    assert.deepEqual([k.keyState, k.expirationModel, k.validTo], ['Enabled', 'KEY_MATERIAL_EXPIRES', days(9)]);
  });

  test('no expiring permanent material: KEY_MATERIAL_DOES_NOT_EXPIRE and no ValidTo', () => {
    const k = key({ validTo: days(1), expirationModel: 'KEY_MATERIAL_EXPIRES' });
    applyMaterialsToKey(k, [material('a', 'CURRENT')]);
    assert.deepEqual([k.keyState, k.expirationModel, k.validTo], ['Enabled', 'KEY_MATERIAL_DOES_NOT_EXPIRE', undefined]);
  });

  test('a permanent material missing: PendingImport without ExpirationModel, also from Disabled', () => {
    for (const keyState of ['Enabled', 'Disabled'] as const) {
      const k = key({ keyState, expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
      applyMaterialsToKey(k, [material('a', 'NON_CURRENT', undefined, false), material('b', 'CURRENT')]);
      assert.deepEqual([k.keyState, k.expirationModel], ['PendingImport', undefined]);
    }
  });

  test('a key pending deletion keeps its state; a Disabled key with all material stays Disabled', () => {
    const pending = key({ keyState: 'PendingDeletion', expirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    applyMaterialsToKey(pending, [material('a', 'CURRENT', undefined, false)]);
    assert.deepEqual([pending.keyState, pending.expirationModel], ['PendingDeletion', undefined]);
    const disabled = key({ keyState: 'Disabled' });
    applyMaterialsToKey(disabled, [material('a', 'CURRENT')]);
    assert.equal(disabled.keyState, 'Disabled');
  });

  test('a deleted material pending rotation does not change the state (1.1)', () => {
    const k = key({ keyState: 'Enabled' });
    applyMaterialsToKey(k, [material('a', 'CURRENT'), material('b', 'PENDING_ROTATION', undefined, false)]);
    assert.equal(k.keyState, 'Enabled');
  });
});
