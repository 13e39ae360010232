// The transport-neutral request and response the protocol layer works on (the HTTP listener fills them in).

import type { IncomingSignedRequest } from '../auth/sigv4.js';

export interface ApiRequest extends IncomingSignedRequest {
  sourceIp: string;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** What the request log and the metrics may know of the call; absent for answers that reached no API. */
  call?: CallSummary;
}

/** Who called which operation on which key and how it ended: never the input, the output or a secret. */
export interface CallSummary {
  requestId: string;
  /** kms, sts, iam, cloudtrail: the eventSource without `.amazonaws.com`. */
  service: string;
  /** As the request named it (the target or Action): a caller's text until `operationKnown` says it is one of ours. */
  operation: string;
  operationKnown: boolean;
  principalArn?: string;
  /** The ARN of the key the call resolved to, else the KeyId it named (validated by the model before it is kept). */
  keyId?: string;
  errorCode?: string;
}
