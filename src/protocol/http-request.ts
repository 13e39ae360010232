// The transport-neutral request and response the protocol layer works on (the HTTP listener fills them in).

import type { IncomingSignedRequest } from '../auth/sigv4.js';

export interface ApiRequest extends IncomingSignedRequest {
  sourceIp: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}
