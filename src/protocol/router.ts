// Picks the API a request is for from its X-Amz-Target (KMS: `TrentService.<Operation>`; CloudTrail's LookupEvents;
// protocol/request-target.ts says which one counts) or its form-encoded body (STS, or IAM when the credential is
// scoped to `iam`), and answers requests that reach
// no API with AWS's errors — never a 500.

import { randomUUID } from 'node:crypto';
import { UnknownOperationException } from '../api/errors.js';
import { errorToWire } from './error-response.js';
import type { ApiRequest, ApiResponse } from './http-request.js';
import type { KmsPipeline } from './kms-pipeline.js';
import { cloudTrailOperationOf, type CloudTrailPipeline } from './cloudtrail-pipeline.js';
import { signedServiceOf, type IamPipeline } from './iam-pipeline.js';
import { isStsRequest, type StsPipeline } from './sts-pipeline.js';
import { requestTarget } from './request-target.js';

export class Router {
  constructor(
    private readonly kms: KmsPipeline,
    /** CloudTrail LookupEvents on the same endpoint (absent when auditing is off). */
    private readonly cloudtrail?: CloudTrailPipeline,
    /** STS (GetCallerIdentity, AssumeRole): form-encoded query-protocol requests without a target header. */
    private readonly sts?: StsPipeline,
    /** IAM: query-protocol requests (like STS's) whose credential is scoped to the service `iam`. */
    private readonly iam?: IamPipeline,
  ) {}

  async route(request: ApiRequest): Promise<ApiResponse> {
    const targetValue = requestTarget(request);
    if (request.method === 'POST' && request.path === '/' && targetValue?.startsWith('TrentService.')) {
      return this.kms.handle(request, targetValue);
    }
    if (this.cloudtrail && request.method === 'POST' && request.path === '/' && targetValue !== undefined && cloudTrailOperationOf(targetValue) !== undefined) {
      return this.cloudtrail.handle(request, targetValue);
    }
    if (targetValue === undefined && isStsRequest(request)) {
      if (this.iam && signedServiceOf(request) === 'iam') return this.iam.handle(request);
      if (this.sts) return this.sts.handle(request);
    }
    const wire = errorToWire(new UnknownOperationException());
    return {
      status: wire.status,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() },
      body: wire.body,
    };
  }
}
