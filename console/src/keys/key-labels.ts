// The words the AWS console shows for KMS key properties: key states, origins, key usages and key types.

import type { KeyMetadata } from '@aws-sdk/client-kms';

const STATES: Record<string, string> = {
  Enabled: 'Enabled',
  Disabled: 'Disabled',
  PendingDeletion: 'Pending deletion',
  PendingImport: 'Pending import',
  PendingReplicaDeletion: 'Pending replica deletion',
  Unavailable: 'Unavailable',
  Creating: 'Creating',
  Updating: 'Updating',
};

const ORIGINS: Record<string, string> = {
  AWS_KMS: 'AWS KMS',
  EXTERNAL: 'External',
  AWS_CLOUDHSM: 'AWS CloudHSM',
  EXTERNAL_KEY_STORE: 'External key store',
};

const USAGES: Record<string, string> = {
  ENCRYPT_DECRYPT: 'Encrypt and decrypt',
  SIGN_VERIFY: 'Sign and verify',
  GENERATE_VERIFY_MAC: 'Generate and verify MAC',
  KEY_AGREEMENT: 'Key agreement',
};

export const stateLabel = (state: string | undefined) => (state ? (STATES[state] ?? state) : '-');
export const originLabel = (origin: string | undefined) => (origin ? (ORIGINS[origin] ?? origin) : '-');
export const usageLabel = (usage: string | undefined) => (usage ? (USAGES[usage] ?? usage) : '-');

export function keyTypeLabel(metadata: KeyMetadata): string {
  const spec = metadata.KeySpec ?? 'SYMMETRIC_DEFAULT';
  return spec === 'SYMMETRIC_DEFAULT' || spec.startsWith('HMAC_') ? 'Symmetric' : 'Asymmetric';
}

export function stateIndicator(state: string | undefined): 'success' | 'stopped' | 'pending' | 'warning' | 'error' | 'in-progress' {
  switch (state) {
    case 'Enabled':
      return 'success';
    case 'Disabled':
      return 'stopped';
    case 'PendingDeletion':
    case 'PendingReplicaDeletion':
      return 'warning';
    case 'PendingImport':
      return 'pending';
    case 'Creating':
    case 'Updating':
      return 'in-progress';
    default:
      return 'error';
  }
}

export function isAsymmetric(metadata: KeyMetadata): boolean {
  return keyTypeLabel(metadata) === 'Asymmetric';
}
