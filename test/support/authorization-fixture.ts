// Principals for the authorization tests: two accounts with roots, users and roles of different powers, written as a
// principals file the server loads at start; and raw SigV4-signed KMS and STS calls as any of them.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Hash } from '@smithy/hash-node';
import assert from 'node:assert/strict';
import { stringify as toYaml } from 'yaml';
import { ADMIN_ACCESS_KEY_ID, ADMIN_SECRET_ACCESS_KEY, TEST_ACCOUNT, TEST_REGION } from './test-server.js';

export const ACCOUNT_A = TEST_ACCOUNT;
export const ACCOUNT_B = '444455556666';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const key = (id: string): Credentials => ({ accessKeyId: id, secretAccessKey: `secret-of-${id.toLowerCase()}` });

/** Every long-term identity the tests sign as. */
export const who = {
  admin: { accessKeyId: ADMIN_ACCESS_KEY_ID, secretAccessKey: ADMIN_SECRET_ACCESS_KEY },
  rootA: key('AKIAROOTOFACCOUNTAAA'),
  alice: key('AKIAALICEACCOUNTAAAA'),
  bob: key('AKIABOBACCOUNTAAAAAA'),
  dave: key('AKIADAVEACCOUNTAAAAA'),
  carol: key('AKIACAROLACCOUNTBBBB'),
  rootB: key('AKIAROOTOFACCOUNTBBB'),
} satisfies Record<string, Credentials>;

export const arn = {
  alice: `arn:aws:iam::${ACCOUNT_A}:user/alice`,
  bob: `arn:aws:iam::${ACCOUNT_A}:user/bob`,
  dave: `arn:aws:iam::${ACCOUNT_A}:user/dave`,
  carol: `arn:aws:iam::${ACCOUNT_B}:user/carol`,
  admin: `arn:aws:iam::${ACCOUNT_A}:user/admin`,
  rootA: `arn:aws:iam::${ACCOUNT_A}:root`,
  rootB: `arn:aws:iam::${ACCOUNT_B}:root`,
  keyUserRole: `arn:aws:iam::${ACCOUNT_A}:role/KeyUserRole`,
  otherRole: `arn:aws:iam::${ACCOUNT_A}:role/OtherRole`,
  crossAccountRole: `arn:aws:iam::${ACCOUNT_A}:role/CrossAccountRole`,
};

const allow = (actions: string[], resource = '*') => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] });
const trust = (principal: string | string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }],
});

/**
 * Account A: its root; alice (kms:* and sts:AssumeRole); bob (no policy); dave (kms:Encrypt/Decrypt/DescribeKey only,
 * with an explicit deny of kms:ScheduleKeyDeletion); KeyUserRole (trusts alice; may create keys and aliases);
 * OtherRole (trusts the account; kms:*); CrossAccountRole (trusts account B; kms:DescribeKey).
 * Account B: its root; carol (kms:* and sts:AssumeRole).
 */
export const principals = {
  accounts: [
    {
      id: ACCOUNT_A,
      accessKeys: [who.rootA],
      users: [
        { name: 'alice', accessKeys: [who.alice], policies: { KmsAndRoles: allow(['kms:*', 'sts:AssumeRole']) } },
        { name: 'bob', accessKeys: [who.bob] },
        {
          name: 'dave',
          accessKeys: [who.dave],
          policies: {
            Crypto: allow(['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey', 'kms:ScheduleKeyDeletion']),
            NoDeletion: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'kms:ScheduleKeyDeletion', Resource: '*' }] },
          },
        },
      ],
      roles: [
        {
          name: 'KeyUserRole',
          trustPolicy: trust(arn.alice),
          policies: { CreateKeys: allow(['kms:CreateKey', 'kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias', 'kms:ListKeys', 'kms:ListAliases', 'kms:TagResource']) },
        },
        { name: 'OtherRole', trustPolicy: trust(arn.rootA), policies: { Kms: allow(['kms:*']) } },
        { name: 'CrossAccountRole', trustPolicy: trust(ACCOUNT_B), maxSessionDuration: 7200, policies: { Describe: allow(['kms:DescribeKey']) } },
      ],
    },
    {
      id: ACCOUNT_B,
      accessKeys: [who.rootB],
      users: [{ name: 'carol', accessKeys: [who.carol], policies: { KmsAndRoles: allow(['kms:*', 'sts:AssumeRole']) } }],
    },
  ],
};

/** Writes the principals (YAML, to exercise that reader) into a fresh directory; returns the file's path. */
export function writePrincipalsFile(document: unknown = principals, format: 'yaml' | 'json' = 'yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'openkms-principals-'));
  const path = join(dir, format === 'yaml' ? 'principals.yaml' : 'principals.json');
  writeFileSync(path, format === 'yaml' ? toYaml(document) : JSON.stringify(document, null, 2));
  return path;
}

export interface RawResponse {
  status: number;
  text: string;
  json: Record<string, any>;
}

/** A SigV4-signed POST to `/` as `credentials` (session token as X-Amz-Security-Token), with the server's clock. */
export async function signedPost(
  url: string,
  credentials: Credentials,
  service: string,
  headers: Record<string, string>,
  body: string,
  signingDate = new Date(),
): Promise<RawResponse> {
  const target = new URL(url);
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname: target.hostname,
    port: Number(target.port),
    path: '/',
    headers: { host: target.host, ...headers },
    body,
  });
  const signer = new SignatureV4({ service, region: TEST_REGION, sha256: Hash.bind(null, 'sha256'), credentials });
  const signed = await signer.sign(request, { signingDate });
  const response = await fetch(`${url}/`, { method: 'POST', headers: signed.headers, body });
  const text = await response.text();
  let json: Record<string, any> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, any>) : {};
  } catch {
    json = {};
  }
  return { status: response.status, text, json };
}

/** One KMS operation with a JSON input (blobs as base64 strings). */
export function kmsCall(url: string, credentials: Credentials, operation: string, input: object): Promise<RawResponse> {
  return signedPost(url, credentials, 'kms', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${operation}` }, JSON.stringify(input));
}

/** One STS query-protocol call. */
export function stsCall(url: string, credentials: Credentials, params: Record<string, string>, signingDate?: Date): Promise<RawResponse> {
  const body = new URLSearchParams({ Version: '2011-06-15', ...params }).toString();
  return signedPost(url, credentials, 'sts', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body, signingDate);
}

/** The text of one element of an XML answer (STS answers are flat enough for this). */
export function xmlValue(xml: string, element: string): string | undefined {
  const match = new RegExp(`<${element}>([^<]*)</${element}>`).exec(xml);
  return match?.[1]?.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** AssumeRole as `credentials`; returns the temporary credentials (fails the test when STS refuses). */
export async function assumeRole(url: string, credentials: Credentials, roleArn: string, sessionName: string, extra: Record<string, string> = {}): Promise<Credentials> {
  const response = await stsCall(url, credentials, { Action: 'AssumeRole', RoleArn: roleArn, RoleSessionName: sessionName, ...extra });
  if (response.status !== 200) throw new Error(`AssumeRole ${roleArn} failed: ${response.status} ${response.text}`);
  return {
    accessKeyId: xmlValue(response.text, 'AccessKeyId')!,
    secretAccessKey: xmlValue(response.text, 'SecretAccessKey')!,
    sessionToken: xmlValue(response.text, 'SessionToken')!,
  };
}

/** A KMS call that must succeed; returns its output. */
export async function kmsOk(url: string, credentials: Credentials, operation: string, input: object): Promise<Record<string, any>> {
  const response = await kmsCall(url, credentials, operation, input);
  assert.equal(response.status, 200, `${operation}: ${response.text}`);
  return response.json;
}

/** A KMS call that must fail with `type` (HTTP 400) and, when given, this message. */
export async function kmsRefused(url: string, credentials: Credentials, operation: string, input: object, type: string, message?: string | RegExp): Promise<void> {
  const response = await kmsCall(url, credentials, operation, input);
  assert.equal(response.status, 400, `${operation} should fail: ${response.text}`);
  assert.equal(response.json.__type, type, response.text);
  const text = response.json.message ?? response.json.Message;
  if (typeof message === 'string') assert.equal(text, message);
  else if (message) assert.match(text, message);
}

/** KMS calls bound to one suite's server (its URL is read at call time, after the suite's server has started). */
export function kmsCaller(url: () => string) {
  const ok = (credentials: Credentials, operation: string, input: object) => kmsOk(url(), credentials, operation, input);
  return {
    call: (credentials: Credentials, operation: string, input: object) => kmsCall(url(), credentials, operation, input),
    ok,
    refused: (credentials: Credentials, operation: string, input: object, type: string, message?: string | RegExp) =>
      kmsRefused(url(), credentials, operation, input, type, message),
    /** CreateKey as `as` (the administrator by default); returns the new key's ARN and id. */
    createKey: async (input: object = {}, as: Credentials = who.admin) =>
      (await ok(as, 'CreateKey', input)).KeyMetadata as { Arn: string; KeyId: string },
  };
}

export const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A policy document of these statements. */
export const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** The default key policy's statement: account A's IAM policies decide. */
export const allowRoot = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: arn.rootA }, Action: 'kms:*', Resource: '*' };

/** AWS's AccessDeniedException text. */
export const denyMessage = (caller: string, action: string, resource: string, why: string) =>
  `User: ${caller} is not authorized to perform: ${action} on resource: ${resource} ${why}`;
export const noResourcePolicy = (caller: string, action: string, resource: string) =>
  denyMessage(caller, action, resource, `because no resource-based policy allows the ${action} action`);
export const noIdentityPolicy = (caller: string, action: string, resource: string) =>
  denyMessage(caller, action, resource, `because no identity-based policy allows the ${action} action`);
