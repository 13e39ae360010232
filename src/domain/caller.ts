// Who makes a request, as auth/ resolves it from the access key: the one Caller that auth/, policy/, operations/,
// audit/ and sts/ all speak of.

export type CallerKind = 'root' | 'user' | 'role-session';

export interface Caller {
  accountId: string;
  /** arn:aws:iam::<account>:user/<name>, arn:aws:sts::<account>:assumed-role/<role>/<session>, or the account root. */
  arn: string;
  kind: CallerKind;
  /** The unique ID (`AIDA...`, `AROA...:<session>`), the value of `aws:userid`. */
  principalId: string;
  accessKeyId: string;
  userName?: string;
  /** For role sessions: the role's ARN, with its path (policy/ derives it from `arn`, without the path, when absent). */
  roleArn?: string;
  sessionName?: string;
  sessionIssuedAt?: Date;
}
