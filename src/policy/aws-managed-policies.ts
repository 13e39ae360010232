// The AWS managed policies openkms knows, as AWS publishes them (arn:aws:iam::aws:policy/<name>): they can be attached
// to users and roles like customer managed ones, and cannot be changed or deleted.
// AdministratorAccess: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
// AWSKeyManagementServicePowerUser:
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSKeyManagementServicePowerUser.html

export interface AwsManagedPolicy {
  name: string;
  arn: string;
  document: string;
  /** The version AWS shows as default. */
  versionId: string;
  createdAt: Date;
  updatedAt: Date;
}

const policy = (name: string, versionId: string, created: string, updated: string, statement: unknown[]): AwsManagedPolicy => ({
  name,
  arn: `arn:aws:iam::aws:policy/${name}`,
  document: JSON.stringify({ Version: '2012-10-17', Statement: statement }),
  versionId,
  createdAt: new Date(created),
  updatedAt: new Date(updated),
});

export const AWS_MANAGED_POLICIES: ReadonlyMap<string, AwsManagedPolicy> = new Map(
  [
    policy('AdministratorAccess', 'v1', '2015-02-06T18:39:46Z', '2015-02-06T18:39:46Z', [{ Effect: 'Allow', Action: '*', Resource: '*' }]),
    policy('AWSKeyManagementServicePowerUser', 'v2', '2015-02-06T18:40:40Z', '2017-03-07T00:55:11Z', [
      {
        Effect: 'Allow',
        Action: [
          'kms:CreateAlias',
          'kms:CreateKey',
          'kms:DeleteAlias',
          'kms:Describe*',
          'kms:GenerateRandom',
          'kms:Get*',
          'kms:List*',
          'kms:TagResource',
          'kms:UntagResource',
          'iam:ListGroups',
          'iam:ListRoles',
          'iam:ListUsers',
        ],
        Resource: '*',
      },
    ]),
  ].map((p) => [p.arn, p]),
);
