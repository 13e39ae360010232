// One KmsKey for unit tests: an enabled symmetric AWS_KMS key of account 111122223333 in us-east-1, with what a test
// cares about given as overrides. The ARN follows the account, Region and key id unless it is given too.

import { keyArn } from './identifiers.js';
import type { KmsKey } from './kms-key.js';

export function testKey(overrides: Partial<KmsKey> = {}): KmsKey {
  const accountId = overrides.accountId ?? '111122223333';
  const region = overrides.region ?? 'us-east-1';
  const keyId = overrides.keyId ?? '11111111-2222-4333-8444-555555555555';
  return {
    accountId,
    region,
    keyId,
    arn: keyArn({ accountId, region }, keyId),
    creationDate: new Date(0),
    description: '',
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    keyState: 'Enabled',
    multiRegion: false,
    policy: '{}',
    tags: [],
    rotation: { enabled: false },
    onDemandRotationCount: 0,
    ...overrides,
  };
}
