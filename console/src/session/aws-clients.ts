// The browser builds of the AWS SDK clients, signing with the user's own credentials against the origin that served
// the console: openkms answers KMS, STS, CloudTrail and IAM on the same port, so every call is same-origin.

import { KMSClient } from '@aws-sdk/client-kms';
import { STSClient } from '@aws-sdk/client-sts';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import type { ConsoleCredentials } from './credentials';

export interface AwsClients {
  kms: KMSClient;
  sts: STSClient;
  cloudtrail: CloudTrailClient;
  iam: IAMClient;
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
  // IAM is global: openkms accepts it signed for any Region, and the console's Region keeps one partition per session.
  return { kms: new KMSClient(config), sts: new STSClient(config), cloudtrail: new CloudTrailClient(config), iam: new IAMClient(config) };
}

