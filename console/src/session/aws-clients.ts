// The browser builds of the AWS SDK clients, signing with the user's own credentials against the origin that served
// the console: openkms answers KMS, STS and CloudTrail on the same port, so every call is same-origin.

import { KMSClient } from '@aws-sdk/client-kms';
import { STSClient } from '@aws-sdk/client-sts';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { BuildMiddleware, MetadataBearer } from '@smithy/types';
import type { ConsoleCredentials } from './credentials';

export interface AwsClients {
  kms: KMSClient;
  sts: STSClient;
  cloudtrail: CloudTrailClient;
}

export function awsClients(credentials: ConsoleCredentials): AwsClients {
  const config = {
    endpoint: window.location.origin,
    region: credentials.region,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    },
  };
  const cloudtrail = new CloudTrailClient(config);
  cloudtrail.middlewareStack.add(fullCloudTrailTarget, { step: 'build', name: 'openkmsFullCloudTrailTarget' });
  return { kms: new KMSClient(config), sts: new STSClient(config), cloudtrail };
}

/**
 * Recent CloudTrail clients send `X-Amz-Target: CloudTrail_20131101.LookupEvents`; openkms answers the model's full
 * target prefix only (`com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.`). Rewritten before signing, so the
 * signature covers what is sent.
 */
const fullCloudTrailTarget: BuildMiddleware<object, MetadataBearer> = (next) => async (args) => {
  const headers = (args.request as { headers?: Record<string, string> }).headers;
  const target = headers?.['x-amz-target'];
  if (headers && target?.startsWith('CloudTrail_20131101.')) headers['x-amz-target'] = `com.amazonaws.cloudtrail.v20131101.${target}`;
  return next(args);
};
