// The credential scope's Region must be a Region name: it ends up in ARNs and audit records.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCredential } from './credential-scope.js';

const scoped = (region: string) => `AKIAOPENKMSEXAMPLE01/20240101/${region}/kms/aws4_request`;

describe('parseCredential: Region names', () => {
  test('every shape of AWS Region name is accepted', () => {
    for (const region of ['us-east-1', 'cn-north-1', 'cn-northwest-1', 'us-gov-west-1', 'eu-isoe-west-1', 'us-isob-east-1', 'ap-southeast-7', 'eusc-de-east-1']) {
      assert.equal(parseCredential(scoped(region)).region, region);
    }
  });

  test('a Region with a colon (an ARN field separator) is refused as AWS refuses an invalid Region', () => {
    assert.throws(() => parseCredential(scoped('us-east-1:444455556666')), {
      name: 'InvalidSignatureException',
      message: "Credential should be scoped to a valid region, not 'us-east-1:444455556666'. ",
    });
  });

  test('upper case, spaces, other separators, missing numbers and overlong names are refused', () => {
    for (const region of ['US-EAST-1', 'us east 1', 'us_east_1', 'us-east', 'useast1', 'us-east-1a', 'us-east-123', '-us-east-1', `${'a'.repeat(40)}-east-1`, 'us-east-1\n', 'aws-global']) {
      assert.throws(() => parseCredential(scoped(region)), { name: 'InvalidSignatureException' }, JSON.stringify(region));
    }
  });
});
