// The key policy CreateKey and ReplicateKey attach when the request has no Policy, in the exact
// pretty-printed form GetKeyPolicy returns (docs/kms-behaviour.md 2.5).

/** Lets the owning account use IAM policies for every KMS action on the key (7.1). */
export function defaultKeyPolicy(accountId: string, partition = 'aws'): string {
  return [
    '{',
    '  "Version" : "2012-10-17",',
    '  "Id" : "key-default-1",',
    '  "Statement" : [ {',
    '    "Sid" : "Enable IAM User Permissions",',
    '    "Effect" : "Allow",',
    '    "Principal" : {',
    `      "AWS" : "arn:${partition}:iam::${accountId}:root"`,
    '    },',
    '    "Action" : "kms:*",',
    '    "Resource" : "*"',
    '  } ]',
    '}',
  ].join('\n');
}
