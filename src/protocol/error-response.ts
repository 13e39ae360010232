// AWS JSON 1.1 error bodies: `{"__type": <name>, "message": <text>}` (AccessDeniedException uses `Message`), HTTP 400 for
// every client error and 500 for server faults, as KMS really answers (docs/kms-behaviour.md 8.3).

import { KmsError } from '../api/kms-error.js';

export interface WireError {
  status: number;
  body: string;
}

export function errorToWire(error: KmsError): WireError {
  const body: Record<string, string> = { __type: error.name };
  if (error.hasMessage) {
    const field = (error as { messageField?: string }).messageField ?? 'message';
    body[field] = error.message;
  }
  return { status: error.fault === 'server' ? 500 : 400, body: JSON.stringify(body) };
}
