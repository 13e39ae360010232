// IAM's names, paths and ARNs: the model's constraints on each kind of name, and the ARN of each entity, which holds
// its path (`arn:aws:iam::111122223333:user/division/alice`).

import type { IamInput } from './iam-input.js';

export const IAM_PARTITION = 'aws';

const NAME_PATTERN = '[\\w+=,.@-]+';
const PATH_PATTERN = '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)';

export const RULES = {
  userName: { min: 1, max: 64, pattern: NAME_PATTERN },
  roleName: { min: 1, max: 64, pattern: NAME_PATTERN },
  policyName: { min: 1, max: 128, pattern: NAME_PATTERN },
  path: { min: 1, max: 512, pattern: PATH_PATTERN },
  pathPrefix: { min: 1, max: 512, pattern: '\\u002F[\\u0021-\\u007F]*' },
  policyDocument: { min: 1, max: 131072, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+' },
  policyArn: { min: 20, max: 2048 },
  accessKeyId: { min: 16, max: 128, pattern: '[\\w]+' },
  marker: { min: 1, max: 320, pattern: '[\\u0020-\\u00FF]+' },
  roleDescription: { min: 0, max: 1000, pattern: '[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]*' },
  policyDescription: { min: 0, max: 1000 },
  versionId: { min: 0, max: 1000, pattern: 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?' },
  tagKey: { min: 1, max: 128 },
} as const;

export type EntityKind = 'user' | 'role' | 'policy';

export function entityArn(accountId: string, kind: EntityKind, path: string, name: string): string {
  return `arn:${IAM_PARTITION}:iam::${accountId}:${kind}${path}${name}`;
}

/** `arn:aws:iam::<account or aws>:policy/<path><name>` → its parts; undefined for anything else. */
export function parsePolicyArn(arn: string): { accountId: string; path: string; name: string } | undefined {
  const match = /^arn:aws:iam::(\d{12}|aws):policy(\/(?:[\u0021-\u007E]+\/)?)?([\w+=,.@-]{1,128})$/.exec(arn);
  if (!match) return undefined;
  return { accountId: match[1]!, path: match[2] ?? '/', name: match[3]! };
}

/** MaxItems (1-1000, default 100) and Marker of a listing. */
export function pageInput(input: IamInput): { maxItems: number; marker?: string } {
  const maxItems = input.integer('MaxItems', 1, 1000) ?? 100;
  const marker = input.text('Marker', RULES.marker);
  return { maxItems, ...(marker !== undefined ? { marker } : {}) };
}
