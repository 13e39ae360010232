// Tests model-driven decoding: AWS's ValidationException texts (kms-behaviour.md 8.4, Appendix A) and
// SerializationException for wrong JSON types and bad base64 (8.1).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GrantOperation, KeySpec, operationNames, type OperationName } from '../api/model.generated.js';
import { decodeInput, decodeLookupEventsInput } from './validate-input.js';
import { awsEnumOrder } from './enum-order.js';

const keyId = '1234abcd-12ab-34cd-56ef-1234567890ab';
const b64 = (bytes: number): string => Buffer.alloc(bytes, 7).toString('base64');

function rejects(run: () => unknown, name: string, message?: string): void {
  assert.throws(run, (error: Error) => {
    assert.equal(error.name, name);
    if (message !== undefined) assert.equal(error.message, message);
    return true;
  });
}
const validation = (run: () => unknown, message: string): void => rejects(run, 'ValidationException', message);
const serialization = (run: () => unknown, message?: string): void => rejects(run, 'SerializationException', message);

describe('ValidationException messages (kms-behaviour.md 8.4)', () => {
  test('an unknown KeySpec lists the enum value set', () => {
    validation(
      () => decodeInput('CreateKey', { KeySpec: 'HMAC_random' }),
      "1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to satisfy constraint: " +
        `Member must satisfy enum value set: [${awsEnumOrder(KeySpec).join(', ')}]`,
    );
  });

  test('GenerateRandom NumberOfBytes must be 1 to 1024 (3.7)', () => {
    validation(
      () => decodeInput('GenerateRandom', { NumberOfBytes: 0 }),
      "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: " +
        'Member must have value greater than or equal to 1',
    );
    validation(
      () => decodeInput('GenerateRandom', { NumberOfBytes: 1025 }),
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: " +
        'Member must have value less than or equal to 1024',
    );
    assert.deepEqual(decodeInput('GenerateRandom', { NumberOfBytes: 1 }), { NumberOfBytes: 1 });
    assert.deepEqual(decodeInput('GenerateRandom', { NumberOfBytes: 1024 }), { NumberOfBytes: 1024 });
  });

  test('GenerateRandom without NumberOfBytes passes: the model does not require it (the operation checks)', () => {
    assert.deepEqual(decodeInput('GenerateRandom', {}), {});
  });

  test('a sensitive member over its length drops the value and is measured in decoded bytes (3.2)', () => {
    const plaintext = b64(4097);
    assert.throws(
      () => decodeInput('Encrypt', { KeyId: keyId, Plaintext: plaintext }),
      (error: Error) => {
        assert.equal(error.name, 'ValidationException');
        assert.equal(
          error.message,
          "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: " +
            'Member must have length less than or equal to 4096',
        );
        assert.ok(!error.message.includes(plaintext.slice(0, 16)));
        return true;
      },
    );
    const input = decodeInput('Encrypt', { KeyId: keyId, Plaintext: b64(4096) });
    assert.equal((input['Plaintext'] as Buffer).length, 4096);
  });

  test('a missing required member is reported as null', () => {
    validation(
      () => decodeInput('DescribeKey', {}),
      "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
    );
  });

  test('list elements are addressed by 1-based index and `member`', () => {
    validation(
      () => decodeInput('CreateKey', { Tags: [{ TagKey: 'ok', TagValue: '' }, { TagKey: '', TagValue: 'v' }] }),
      "1 validation error detected: Value '' at 'tags.2.member.tagKey' failed to satisfy constraint: " +
        'Member must have length greater than or equal to 1',
    );
    validation(
      () => decodeInput('TagResource', { KeyId: keyId, Tags: [{ TagValue: 'v' }] }),
      "1 validation error detected: Value null at 'tags.1.member.tagKey' failed to satisfy constraint: " +
        'Member must not be null',
    );
  });

  test('every failure is reported, counted in the plural and joined with "; "', () => {
    validation(
      () => decodeInput('Encrypt', { Plaintext: b64(5000) }),
      '2 validation errors detected: ' +
        "Value null at 'keyId' failed to satisfy constraint: Member must not be null; " +
        "Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
  });

  test('a string breaking both length and pattern gets one item per rule', () => {
    validation(
      () => decodeInput('CreateAlias', { AliasName: '', TargetKeyId: keyId }),
      "2 validation errors detected: Value '' at 'aliasName' failed to satisfy constraint: " +
        'Member must have length greater than or equal to 1; ' +
        "Value '' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: " +
        '^[a-zA-Z0-9:/_-]+$',
    );
  });

  test('patterns must match the whole value, including the model\'s \\u escapes', () => {
    validation(
      () => decodeInput('PutKeyPolicy', { KeyId: keyId, Policy: '{"Statement":"\u2019"}' }),
      "1 validation error detected: Value '{\"Statement\":\"\u2019\"}' at 'policy' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+',
    );
    assert.deepEqual(decodeInput('PutKeyPolicy', { KeyId: keyId, Policy: '{\n\t"a": "\u00e9"\r\n}' }), {
      KeyId: keyId,
      Policy: '{\n\t"a": "\u00e9"\r\n}',
    });
    // `[0-9]{12}` has no anchors in the model, yet 12 letters must not pass.
    const letters = 'aaaaaaaaaaaa';
    validation(
      () => decodeInput('CreateCustomKeyStore', { CustomKeyStoreName: 's', XksProxyVpcEndpointServiceOwner: letters }),
      "1 validation error detected: Value 'aaaaaaaaaaaa' at 'xksProxyVpcEndpointServiceOwner' failed to satisfy " +
        'constraint: Member must satisfy regular expression pattern: [0-9]{12}',
    );
  });

  test('nested sensitive members keep their path but drop their value', () => {
    assert.throws(
      () =>
        decodeInput('UpdateCustomKeyStore', {
          CustomKeyStoreId: 'cks-1',
          XksProxyAuthenticationCredential: { AccessKeyId: 'A'.repeat(20), RawSecretAccessKey: 'shortSecret' },
        }),
      (error: Error) => {
        assert.equal(
          error.message,
          "1 validation error detected: Value at 'xksProxyAuthenticationCredential.rawSecretAccessKey' failed to " +
            'satisfy constraint: Member must have length greater than or equal to 43',
        );
        assert.ok(!error.message.includes('shortSecret'));
        return true;
      },
    );
  });

  test('an empty blob prints as the ByteBuffer AWS\'s Java service shows', () => {
    validation(
      () => decodeInput('Decrypt', { CiphertextBlob: '' }),
      "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]' at 'ciphertextBlob' " +
        'failed to satisfy constraint: Member must have length greater than or equal to 1',
    );
  });

  test('a list of enums is reported once, for the whole list', () => {
    validation(
      () => decodeInput('CreateGrant', { KeyId: keyId, Operations: ['Encrypt', 'Bogus'] }),
      "1 validation error detected: Value '[Encrypt, Bogus]' at 'operations' failed to satisfy constraint: " +
        `Member must satisfy constraint: [Member must satisfy enum value set: [${awsEnumOrder(GrantOperation).join(', ')}]]`,
    );
  });

  test('a list over its maximum length reports the list', () => {
    const tokens = Array.from({ length: 11 }, (_, i) => `t${i}`);
    validation(
      () => decodeInput('Decrypt', { CiphertextBlob: b64(10), GrantTokens: tokens }),
      `1 validation error detected: Value '[${tokens.join(', ')}]' at 'grantTokens' failed to satisfy constraint: ` +
        'Member must have length less than or equal to 10',
    );
  });

  test('CloudTrail LookupEvents is validated against its own model', () => {
    validation(
      () => decodeLookupEventsInput({ MaxResults: 51 }),
      "1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: " +
        'Member must have value less than or equal to 50',
    );
    const input = decodeLookupEventsInput({
      StartTime: 1700000000,
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'Encrypt' }],
    });
    assert.deepEqual(input['StartTime'], new Date(1700000000 * 1000));
    assert.deepEqual(input['LookupAttributes'], [{ AttributeKey: 'EventName', AttributeValue: 'Encrypt' }]);
  });
});

describe('SerializationException for bodies the model cannot read (8.1)', () => {
  test('the body is not a JSON object', () => {
    serialization(() => decodeInput('ListKeys', []), 'Start of list found where not expected.');
    serialization(() => decodeInput('ListKeys', 'x'), 'STRING_VALUE can not be converted to a Structure');
    serialization(() => decodeInput('ListKeys', null), 'NULL_VALUE can not be converted to a Structure');
    serialization(() => decodeInput('ListKeys', 3), 'NUMBER_VALUE can not be converted to a Structure');
  });

  test('a member has the wrong JSON type', () => {
    const objectFound = 'Start of structure or map found where not expected.';
    const encrypt = { KeyId: keyId, Plaintext: 'AA==' };
    const cases: [OperationName, Record<string, unknown>, string][] = [
      ['DescribeKey', { KeyId: 5 }, 'NUMBER_VALUE can not be converted to a String'],
      ['DescribeKey', { KeyId: true }, 'BOOLEAN_VALUE can not be converted to a String'],
      ['DescribeKey', { KeyId: { a: 1 } }, objectFound],
      ['DescribeKey', { KeyId: ['a'] }, 'Start of list found where not expected.'],
      ['ListKeys', { Limit: '5' }, 'STRING_VALUE can not be converted to an Integer'],
      ['ListKeys', { Limit: 1.5 }, 'NUMBER_VALUE can not be converted to an Integer'],
      ['ListKeys', { Limit: 2 ** 31 }, 'NUMBER_VALUE can not be converted to an Integer'],
      ['CreateKey', { MultiRegion: 'true' }, 'STRING_VALUE can not be converted to a Boolean'],
      ['CreateKey', { Tags: 'a=b' }, 'STRING_VALUE can not be converted to a List'],
      ['CreateKey', { Tags: ['a=b'] }, 'STRING_VALUE can not be converted to a Structure'],
      ['Encrypt', { ...encrypt, EncryptionContext: ['a'] }, 'Start of list found where not expected.'],
      ['Encrypt', { ...encrypt, EncryptionContext: { a: 1 } }, 'NUMBER_VALUE can not be converted to a String'],
      ['Encrypt', { KeyId: keyId, Plaintext: 12 }, 'NUMBER_VALUE can not be converted to a Blob'],
    ];
    for (const [operation, body, message] of cases) serialization(() => decodeInput(operation, body), message);
  });

  test('a blob is not valid standard base64', () => {
    const bad = ['A', 'AA=A', 'AAAA====', 'A===', 'AA=', 'AA-_', 'AA A', 'AAA\nAAAA', 'AA!A', 'AA\u00e9='];
    for (const plaintext of bad) {
      const run = (): unknown => decodeInput('Encrypt', { KeyId: keyId, Plaintext: plaintext });
      serialization(run, 'Base64 encoded blob value is invalid.');
    }
    const good = [['AAAA', [0, 0, 0]], ['AQ==', [1]], ['AQ', [1]], ['AQI=', [1, 2]], ['+/8=', [251, 255]]] as const;
    for (const [plaintext, bytes] of good) {
      const input = decodeInput('Encrypt', { KeyId: keyId, Plaintext: plaintext });
      assert.deepEqual([...(input['Plaintext'] as Buffer)], bytes, plaintext);
    }
  });

  test('a serialization problem wins over constraint failures, and never quotes the value', () => {
    assert.throws(
      () => decodeInput('Encrypt', { Plaintext: 'secret!!' }),
      (error: Error) => error.name === 'SerializationException' && !error.message.includes('secret'),
    );
  });

  test('a timestamp that is not epoch seconds or a date string', () => {
    const body = { KeyId: keyId, ImportToken: 'AA==', EncryptedKeyMaterial: 'AA==' };
    const validTo = (value: unknown) => (): unknown => decodeInput('ImportKeyMaterial', { ...body, ValidTo: value });
    serialization(validTo('next week'), 'STRING_VALUE can not be converted to a Timestamp');
    serialization(validTo(true), 'BOOLEAN_VALUE can not be converted to a Timestamp');
  });
});

describe('decoding', () => {
  test('blobs become Buffers and other members stay as sent', () => {
    const input = decodeInput('Encrypt', {
      KeyId: keyId,
      Plaintext: Buffer.from('hello').toString('base64'),
      EncryptionContext: { purpose: 'test', '': '' },
      GrantTokens: ['t1'],
      DryRun: false,
    });
    assert.ok(Buffer.isBuffer(input['Plaintext']));
    assert.equal((input['Plaintext'] as Buffer).toString(), 'hello');
    assert.deepEqual(input['EncryptionContext'], { purpose: 'test', '': '' });
    assert.deepEqual(input['GrantTokens'], ['t1']);
    assert.equal(input['DryRun'], false);
    assert.equal(input['KeyId'], keyId);
  });

  test('timestamps become Dates from epoch seconds, fractional seconds, numeric and ISO strings', () => {
    const body = { KeyId: keyId, ImportToken: 'AA==', EncryptedKeyMaterial: 'AA==' };
    const validTo = (value: unknown): unknown =>
      decodeInput('ImportKeyMaterial', { ...body, ValidTo: value })['ValidTo'];
    assert.deepEqual(validTo(1735689600), new Date('2025-01-01T00:00:00Z'));
    assert.deepEqual(validTo(1735689600.123), new Date('2025-01-01T00:00:00.123Z'));
    assert.deepEqual(validTo('1735689600'), new Date('2025-01-01T00:00:00Z'));
    assert.deepEqual(validTo('2025-01-01T00:00:00Z'), new Date('2025-01-01T00:00:00Z'));
  });

  test('unknown members are dropped', () => {
    assert.deepEqual(decodeInput('DescribeKey', { KeyId: keyId, Unknown: 1, keyId: 'lowercase' }), { KeyId: keyId });
    const parsed: unknown = JSON.parse(`{"KeyId":"${keyId}","__proto__":{"polluted":true}}`);
    const input = decodeInput('DescribeKey', parsed);
    assert.deepEqual(Object.keys(input), ['KeyId']);
    assert.equal(Object.getPrototypeOf(input), Object.prototype);
  });

  test('explicit null is treated as absent', () => {
    assert.deepEqual(decodeInput('ListKeys', { Limit: null, Marker: null }), {});
    validation(
      () => decodeInput('DescribeKey', { KeyId: null }),
      "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
    );
  });

  test('all 54 operations have a decoder that accepts {} or reports only missing required members', () => {
    assert.equal(operationNames.length, 54);
    let accepted = 0;
    for (const operation of operationNames) {
      try {
        assert.deepEqual(decodeInput(operation, {}), {});
        accepted++;
      } catch (error) {
        assert.equal((error as Error).name, 'ValidationException', operation);
        assert.match((error as Error).message, /^\d+ validation errors? detected: Value null at '\w+'/, operation);
      }
    }
    assert.ok(accepted > 0 && accepted < 54);
  });
});
