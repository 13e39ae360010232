// The account's IAM users and roles for the wizard's Key administrators and Key users tables, as the AWS console lists
// them (IAM ListUsers and ListRoles, every page). A caller without iam:ListUsers or iam:ListRoles gets the error back,
// and the tables keep to the signed-in caller and the ARNs typed in.

import { IAMClient, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';

export async function listIamPrincipals(iam: IAMClient): Promise<string[]> {
  const arns: string[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(new ListUsersCommand(marker ? { Marker: marker } : {}));
    arns.push(...(page.Users ?? []).map((user) => user.Arn!));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  do {
    const page = await iam.send(new ListRolesCommand(marker ? { Marker: marker } : {}));
    arns.push(...(page.Roles ?? []).map((role) => role.Arn!));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return arns;
}

/** `known` first (the caller, ARNs typed in), then the listed ones it lacks. */
export function withListed(known: readonly string[], listed: readonly string[]): string[] {
  return [...known, ...listed.filter((arn) => !known.includes(arn))];
}
