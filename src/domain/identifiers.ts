// Key ids, key ARNs, alias names and alias ARNs: formatting, recognising and resolving what a caller put in a KeyId.
// docs/kms-behaviour.md section 0 gives the formats and the NotFoundException texts.

import { NotFoundException } from '../api/errors.js';

export interface Scope {
  accountId: string;
  region: string;
}

const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const ARN = /^arn:([a-z-]+):kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/;

export function isKeyId(value: string): boolean {
  return KEY_ID.test(value);
}

/** AWS partitions follow the Region name; a self-hosted Region is in the `aws` partition. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function keyArn(scope: Scope, keyId: string): string {
  return `arn:${partitionOf(scope.region)}:kms:${scope.region}:${scope.accountId}:key/${keyId}`;
}

export function aliasArn(scope: Scope, aliasName: string): string {
  return `arn:${partitionOf(scope.region)}:kms:${scope.region}:${scope.accountId}:${aliasName}`;
}

export function accountRootArn(accountId: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:root`;
}

/** What a KeyId parameter named, before looking anything up. */
export type KeyReference =
  | { kind: 'key'; scope: Scope; keyId: string; viaArn: boolean }
  | { kind: 'alias'; scope: Scope; aliasName: string; viaArn: boolean };

/**
 * Reads a KeyId value in the caller's scope. A key ARN or alias ARN may name another account (cross-account use);
 * an ARN naming another Region is refused as AWS refuses it: `Invalid arn <region>`.
 */
export function parseKeyReference(value: string, caller: Scope, options: { allowAlias: boolean }): KeyReference {
  const arn = ARN.exec(value);
  if (arn) {
    const [, , region, accountId, type, rest] = arn as unknown as [string, string, string, string, string, string];
    if (region !== caller.region) throw new NotFoundException(`Invalid arn ${region}`);
    const scope = { accountId, region };
    if (type === 'alias') {
      if (!options.allowAlias) throw new NotFoundException(`Invalid keyId '${value}'`);
      return { kind: 'alias', scope, aliasName: `alias/${rest}`, viaArn: true };
    }
    if (!isKeyId(rest)) throw new NotFoundException(`Invalid keyId '${value}'`);
    return { kind: 'key', scope, keyId: rest, viaArn: true };
  }
  if (value.startsWith('alias/')) {
    if (!options.allowAlias) throw new NotFoundException(`Invalid keyId '${value}'`);
    return { kind: 'alias', scope: caller, aliasName: value, viaArn: false };
  }
  if (!isKeyId(value)) throw new NotFoundException(`Invalid keyId '${value}'`);
  return { kind: 'key', scope: caller, keyId: value, viaArn: false };
}

export function keyNotFound(scope: Scope, keyId: string): NotFoundException {
  return new NotFoundException(`Key '${keyArn(scope, keyId)}' does not exist`);
}

export function aliasNotFound(scope: Scope, aliasName: string): NotFoundException {
  return new NotFoundException(`Alias ${aliasArn(scope, aliasName)} is not found.`);
}
