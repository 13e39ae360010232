// The CloudTrail record format openkms writes (docs/kms-behaviour.md 9.2), with the rendering rules every part shares:
// timestamps as ISO-8601 UTC to the second, member names in camelCase, and no binary value ever.

export const EVENT_VERSION = '1.11';
export const KMS_EVENT_SOURCE = 'kms.amazonaws.com';
export const KMS_KEY_RESOURCE_TYPE = 'AWS::KMS::Key';
/** sourceIPAddress, userAgent and invokedBy of the events openkms makes by itself (9.2, 9.3). */
export const AWS_INTERNAL = 'AWS Internal';

export interface SessionContext {
  sessionIssuer: { type: 'Role'; principalId: string; arn: string; accountId: string; userName: string };
  attributes: { creationDate?: string; mfaAuthenticated: 'false' };
}

export interface UserIdentity {
  type?: 'IAMUser' | 'AssumedRole' | 'Root' | 'Unknown';
  principalId?: string;
  arn?: string;
  accountId?: string;
  accessKeyId?: string;
  userName?: string;
  sessionContext?: SessionContext;
  /** Service events: who acted instead of a caller. */
  invokedBy?: string;
}

export interface AuditResource {
  accountId: string;
  type: string;
  /** Upper-case, as CloudTrail spells it. */
  ARN: string;
}

/** Field order follows AWS's records. */
export interface CloudTrailRecord {
  eventVersion: string;
  userIdentity: UserIdentity;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent: string;
  errorCode?: string;
  errorMessage?: string;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  requestID?: string;
  eventID: string;
  readOnly: boolean;
  resources?: AuditResource[];
  eventType: 'AwsApiCall' | 'AwsServiceEvent';
  managementEvent: true;
  recipientAccountId: string;
  serviceEventDetails?: Record<string, unknown>;
  eventCategory: 'Management';
}

/** `2025-05-20T20:45:00Z`: CloudTrail's eventTime has no fraction of a second. */
export function isoSeconds(date: Date): string {
  const text = date.toISOString();
  return `${text.slice(0, 19)}Z`;
}

const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * A value as an audit record shows it: Dates as ISO strings, binary values left out (they may be secrets: 9.1), and,
 * with `camelCase`, object member names with their first letter lower-cased (KeyMetadata → keyMetadata).
 */
export function auditValue(value: unknown, camelCase: boolean): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return isoSeconds(value);
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return undefined;
  if (Array.isArray(value)) return value.map((item) => auditValue(item, camelCase)).filter((item) => item !== undefined);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(value)) {
      const shown = auditValue(member, camelCase);
      if (shown !== undefined) out[camelCase ? lowerFirst(name) : name] = shown;
    }
    return out;
  }
  return value;
}
