// What the AWS JSON 1.1 endpoints (KMS, CloudTrail) share: reading a header, parsing the JSON body of a request, and
// the headers of every answer.

import { SerializationException } from '../api/errors.js';
import type { ApiRequest } from './http-request.js';
import { parseJsonText } from './json-text.js';

const JSON_CONTENT_TYPES = new Set(['application/x-amz-json-1.1', 'application/x-amz-json-1.0', 'application/json']);

export function headerValue(request: ApiRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body must be a JSON document sent as AWS JSON (kms-behaviour.md 8.1); an empty body is `{}`. */
export function parseJsonBody(request: ApiRequest): unknown {
  const contentType = headerValue(request, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== undefined && !JSON_CONTENT_TYPES.has(contentType)) {
    throw new SerializationException(`Unsupported content type: ${contentType}`);
  }
  if (request.body.length === 0) return {};
  return parseJsonText(request.body);
}

/** The Date header carries the server's clock: SDKs correct their clock skew from it. */
export function jsonResponseHeaders(requestId: string, now: Date): Record<string, string> {
  return { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId, date: now.toUTCString() };
}
