// The shared API vocabulary: model shapes, enums, request/response types and exception classes.
// CloudTrail's LookupEvents shapes sit under `cloudtrail` because some of its names clash with KMS's.
export * from './model.generated.js';
export * from './errors.js';
export * as cloudtrail from './cloudtrail-model.generated.js';
