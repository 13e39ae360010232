// What the Create key wizard has chosen so far, its starting values, and the checks each step makes before "Next"
// (or "Finish") moves on. Pure: the step components only display and change it.

import { aliasNameError } from './alias-name';
import { canImportKeyMaterial, type KeyType, type KeyUsage } from './key-spec-choices';

export type Origin = 'AWS_KMS' | 'EXTERNAL' | 'EXTERNAL_KEY_STORE';

export interface TagEntry {
  key: string;
  value: string;
}

export interface WizardState {
  keyType: KeyType;
  keyUsage: KeyUsage;
  keySpec: string;
  origin: Origin;
  importAcknowledged: boolean;
  /** Origin EXTERNAL_KEY_STORE: the external key store chosen, the ID of the external key, and the confirmation. */
  customKeyStoreId: string;
  xksKeyId: string;
  externalKeyStoreAcknowledged: boolean;
  multiRegion: boolean;
  alias: string;
  description: string;
  tags: TagEntry[];
  /** ARNs the administrators and users tables offer: the caller, the account's IAM users and roles, and any typed in. */
  knownPrincipals: string[];
  /** Whether the IAM users and roles are listed yet, or why not (the caller may not list them). */
  iamListing: { state: 'loading' } | { state: 'listed' } | { state: 'refused'; reason: string };
  administrators: string[];
  allowAdministratorsToDelete: boolean;
  users: string[];
  otherAccounts: string[];
  /** The key policy as edited on the Review step; undefined while it is the generated one. */
  editedPolicy: string | undefined;
}

/**
 * The starting state; with a custom key store ID (the store page's "Create a KMS key in this key store"), the key
 * configuration a key in an external key store requires, with that store chosen.
 */
export function initialWizardState(callerPrincipal: string | undefined, customKeyStoreId?: string): WizardState {
  return {
    keyType: 'symmetric',
    keyUsage: 'ENCRYPT_DECRYPT',
    keySpec: 'SYMMETRIC_DEFAULT',
    origin: customKeyStoreId ? 'EXTERNAL_KEY_STORE' : 'AWS_KMS',
    importAcknowledged: false,
    customKeyStoreId: customKeyStoreId ?? '',
    xksKeyId: '',
    externalKeyStoreAcknowledged: false,
    multiRegion: false,
    alias: '',
    description: '',
    tags: [],
    knownPrincipals: callerPrincipal ? [callerPrincipal] : [],
    iamListing: { state: 'loading' },
    administrators: [],
    allowAdministratorsToDelete: true,
    users: [],
    otherAccounts: [],
    editedPolicy: undefined,
  };
}

/** The IAM principal to offer for a caller: an assumed-role session stands for its role, as IAM names it in policies. */
export function principalForCaller(callerArn: string): string {
  const session = /^arn:([a-z-]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  return session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : callerArn;
}

export function principalArnError(arn: string): string | undefined {
  if (!/^arn:aws[a-z-]*:iam::\d{12}:(user|role)\/[\w+=,.@/-]+$/.test(arn.trim()))
    return 'Enter the ARN of an IAM user or role, such as arn:aws:iam::111122223333:role/KMSAdminRole.';
  return undefined;
}

export function accountIdError(id: string): string | undefined {
  return /^\d{12}$/.test(id.trim()) ? undefined : 'An AWS account ID is 12 digits.';
}

export function tagErrors(tags: readonly TagEntry[]): (string | undefined)[] {
  return tags.map((tag, index) => {
    const key = tag.key.trim();
    if (key === '') return 'Enter a tag key.';
    if (key.length > 128) return 'A tag key can have at most 128 characters.';
    if (tag.value.length > 256) return 'A tag value can have at most 256 characters.';
    if (key.toLowerCase().startsWith('aws:')) return 'Tag keys beginning with aws: are reserved.';
    if (tags.findIndex((other) => other.key.trim() === key) !== index) return 'Tag keys must be unique.';
    return undefined;
  });
}

/** Why the Review step's key policy cannot be sent, or undefined. */
export function policyTextError(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The key policy must be a JSON object.';
    return undefined;
  } catch (error) {
    return `The key policy is not valid JSON: ${(error as Error).message}`;
  }
}

/** What keeps a key in an external key store from being created as configured, or undefined. */
export function externalKeyStoreError(state: WizardState): string | undefined {
  if (state.keySpec !== 'SYMMETRIC_DEFAULT' || state.keyUsage !== 'ENCRYPT_DECRYPT') return 'A KMS key in an external key store must be a symmetric encryption key.';
  if (state.multiRegion) return 'A KMS key in an external key store must be a single-Region key.';
  if (state.customKeyStoreId === '') return 'Choose a connected external key store.';
  if (state.xksKeyId.trim() === '') return 'Enter the ID of the external key.';
  if (!state.externalKeyStoreAcknowledged) return 'Confirm that you intend to create a KMS key in the specified external key store.';
  return undefined;
}

/** What keeps a step from moving on, or undefined. Steps: 0 configure, 1 labels, 2 administrators, 3 usage, 4 review. */
export function stepError(state: WizardState, step: number, policyText: string): string | undefined {
  switch (step) {
    case 0:
      if (state.origin === 'EXTERNAL_KEY_STORE') return externalKeyStoreError(state);
      if (state.origin === 'EXTERNAL' && !canImportKeyMaterial(state.keySpec)) return `Key material cannot be imported into a ${state.keySpec} key.`;
      if (state.origin === 'EXTERNAL' && !state.importAcknowledged) return 'Confirm that you understand the implications of using an imported key.';
      return undefined;
    case 1:
      return aliasNameError(state.alias) ?? (state.description.length > 8192 ? 'The description can have at most 8192 characters.' : undefined) ?? tagErrors(state.tags).find(Boolean);
    case 2:
      return undefined;
    case 3:
      return state.otherAccounts.map(accountIdError).find(Boolean);
    default:
      return policyTextError(policyText);
  }
}
