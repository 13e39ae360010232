// CloudTrail's LookupEvents exceptions (model/cloudtrail/service-2.json), sent as AWS JSON 1.1 errors like KMS's own.
// They live here because src/api/errors.ts holds the KMS model's exceptions.

import { KmsError } from '../api/kms-error.js';

export class InvalidLookupAttributesException extends KmsError {
  override readonly name = 'InvalidLookupAttributesException';
}

export class InvalidTimeRangeException extends KmsError {
  override readonly name = 'InvalidTimeRangeException';
}

export class InvalidNextTokenException extends KmsError {
  override readonly name = 'InvalidNextTokenException';
}
