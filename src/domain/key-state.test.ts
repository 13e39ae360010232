// The operation × key-state table (docs/kms-behaviour.md 1.2) and the exceptions of its footnotes (1.3).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyState, type OperationName } from '../api/model.generated.js';
import { assertKeyStateAllows } from './key-state.js';
import { testKey } from './kms-key.test-helper.js';

const key = (keyState: KeyState, origin: 'AWS_KMS' | 'EXTERNAL' = 'AWS_KMS') => testKey({ keyState, origin });
const ARN = testKey().arn;

function refusal(operation: OperationName, keyState: KeyState, origin?: 'AWS_KMS' | 'EXTERNAL') {
  try {
    assertKeyStateAllows(operation, key(keyState, origin));
    return undefined;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
}

describe('assertKeyStateAllows', () => {
  test('an Enabled key allows every operation but CancelKeyDeletion', () => {
    for (const operation of ['Encrypt', 'Decrypt', 'Sign', 'ScheduleKeyDeletion', 'DisableKey', 'ReplicateKey'] as const) {
      assert.equal(refusal(operation, 'Enabled'), undefined, operation);
    }
    assert.deepEqual(refusal('CancelKeyDeletion', 'Enabled'), {
      name: 'KMSInvalidStateException',
      message: `${ARN} is not pending deletion (or pending replica deletion).`,
    });
  });

  test('cryptographic operations on a Disabled key: DisabledException "<arn> is disabled."', () => {
    for (const operation of ['Encrypt', 'Decrypt', 'ReEncrypt', 'GenerateDataKey', 'Sign', 'Verify', 'GenerateMac', 'DeriveSharedSecret'] as const) {
      assert.deepEqual(refusal(operation, 'Disabled'), { name: 'DisabledException', message: `${ARN} is disabled.` }, operation);
    }
  });

  test('a Disabled key may still be described, enabled, re-described and tagged', () => {
    for (const operation of ['DescribeKey', 'EnableKey', 'TagResource', 'PutKeyPolicy', 'GetPublicKey', 'ScheduleKeyDeletion'] as const) {
      assert.equal(refusal(operation, 'Disabled'), undefined, operation);
    }
  });

  test('PendingDeletion and PendingReplicaDeletion refuse alike with "<arn> is pending deletion."', () => {
    for (const keyState of ['PendingDeletion', 'PendingReplicaDeletion'] as const) {
      for (const operation of ['Encrypt', 'TagResource', 'CreateAlias', 'EnableKey', 'ScheduleKeyDeletion'] as const) {
        assert.deepEqual(refusal(operation, keyState), { name: 'KMSInvalidStateException', message: `${ARN} is pending deletion.` });
      }
      for (const operation of ['CancelKeyDeletion', 'DescribeKey', 'DeleteAlias', 'UpdateAlias', 'ListGrants'] as const) {
        assert.equal(refusal(operation, keyState), undefined, `${operation} in ${keyState}`);
      }
    }
  });

  test('PendingImport: crypto is "<arn> is pending import."; importing is allowed', () => {
    assert.deepEqual(refusal('Encrypt', 'PendingImport', 'EXTERNAL'), { name: 'KMSInvalidStateException', message: `${ARN} is pending import.` });
    for (const operation of ['GetParametersForImport', 'ImportKeyMaterial', 'DeleteImportedKeyMaterial', 'ScheduleKeyDeletion'] as const) {
      assert.equal(refusal(operation, 'PendingImport', 'EXTERNAL'), undefined, operation);
    }
  });

  test('rotation settings on a PendingImport key name its origin (footnote 6)', () => {
    assert.deepEqual(refusal('EnableKeyRotation', 'PendingImport', 'EXTERNAL'), {
      name: 'UnsupportedOperationException',
      message: `${ARN} origin is EXTERNAL which is not valid for this operation.`,
    });
  });

  test('Unavailable refuses symmetric cryptography; Creating and Updating refuse what changes the key', () => {
    assert.deepEqual(refusal('Decrypt', 'Unavailable'), { name: 'KMSInvalidStateException', message: `${ARN} is unavailable.` });
    assert.equal(refusal('DescribeKey', 'Unavailable'), undefined);
    assert.deepEqual(refusal('Encrypt', 'Creating'), { name: 'KMSInvalidStateException', message: `${ARN} is creating.` });
    assert.deepEqual(refusal('DisableKey', 'Updating'), { name: 'KMSInvalidStateException', message: `${ARN} is updating.` });
    assert.equal(refusal('Encrypt', 'Updating'), undefined);
  });

  test('operations that take no key are not restricted by any state', () => {
    for (const keyState of KeyState) {
      for (const operation of ['ListKeys', 'CreateKey', 'GenerateRandom', 'CreateCustomKeyStore'] as const) {
        assert.equal(refusal(operation, keyState), undefined, `${operation} in ${keyState}`);
      }
    }
  });

  test('every key state has a column: CancelKeyDeletion is allowed exactly in the two pending-deletion states', () => {
    for (const keyState of KeyState) {
      const pendingDeletion = keyState === 'PendingDeletion' || keyState === 'PendingReplicaDeletion';
      assert.equal(refusal('CancelKeyDeletion', keyState)?.name, pendingDeletion ? undefined : 'KMSInvalidStateException', keyState);
    }
  });
});
