// Who is calling: checks the SigV4 signature against the secret of the access key it names and returns the Caller.
// In --dev mode any well-formed signature is accepted and the access key id picks the principal.

import { ExpiredTokenException, UnrecognizedClientException } from '../api/errors.js';
import type { Caller } from '../domain/caller.js';
import type { AccessKeyRecord, PrincipalRecord, StoreReader } from '../storage/repository.js';
import { parseSignature, verifySignature, type IncomingSignedRequest, type SignatureClaims } from './sigv4.js';
import { callerOf } from './caller.js';
import { matchesSessionToken } from './session-token-hash.js';

export interface Authenticated {
  caller: Caller;
  claims: SignatureClaims;
}

export interface AuthenticatorOptions {
  /** Accept any well-formed signature (no secret check): demos and tests only. */
  dev: boolean;
  defaultAccountId: string;
}

const INVALID_TOKEN = 'The security token included in the request is invalid.';

export class Authenticator {
  constructor(
    private readonly store: StoreReader,
    private readonly options: AuthenticatorOptions,
  ) {}

  async authenticate(request: IncomingSignedRequest, now: Date): Promise<Authenticated> {
    const claims = parseSignature(request);
    const known = await this.lookup(claims.accessKeyId, now);
    // A key made Inactive (IAM UpdateAccessKey) is refused like an unknown one, in --dev too.
    if (known?.record.status === 'Inactive') throw new UnrecognizedClientException(INVALID_TOKEN);
    if (this.options.dev) {
      return { claims, caller: known ? callerOf(known.principal, known.record) : devCaller(claims, this.options.defaultAccountId) };
    }
    if (!known) throw new UnrecognizedClientException(INVALID_TOKEN);
    const { record, principal } = known;
    if (record.sessionTokenHash !== undefined) {
      if (claims.securityToken === undefined || !matchesSessionToken(claims.securityToken, record.sessionTokenHash)) {
        throw new UnrecognizedClientException(INVALID_TOKEN);
      }
      if (record.expiration && record.expiration.getTime() <= now.getTime()) {
        throw new ExpiredTokenException('The security token included in the request is expired');
      }
    } else if (claims.securityToken !== undefined) {
      // A session token belongs to temporary credentials only; with a long-term key it is not one we issued.
      throw new UnrecognizedClientException(INVALID_TOKEN);
    }
    await verifySignature(request, claims, record.secretAccessKey, now);
    return { claims, caller: callerOf(principal, record) };
  }

  /**
   * Read on every request, so a deleted, disabled or re-keyed access key is refused at once: the SQLite and
   * PostgreSQL stores serve these reads from caches that any committed IAM change (on any process) empties.
   */
  private async lookup(accessKeyId: string, _now: Date): Promise<{ record: AccessKeyRecord; principal: PrincipalRecord } | undefined> {
    const record = await this.store.getAccessKey(accessKeyId);
    const principal = record ? await this.principalOf(record) : undefined;
    return record && principal ? { record, principal } : undefined;
  }

  private async principalOf(record: AccessKeyRecord): Promise<PrincipalRecord | undefined> {
    return this.store.getPrincipal(record.principalArn);
  }
}

/** --dev: a 12-digit access key id names an account (as LocalStack does); any other id is a user of the default account. */
function devCaller(claims: SignatureClaims, defaultAccountId: string): Caller {
  const accountId = /^\d{12}$/.test(claims.accessKeyId) ? claims.accessKeyId : defaultAccountId;
  const name = claims.accessKeyId.replace(/[^\w+=,.@-]/g, '_').slice(0, 64) || 'dev';
  return {
    accountId,
    arn: `arn:aws:iam::${accountId}:user/${name}`,
    kind: 'user',
    principalId: `AIDADEV${name.toUpperCase()}`.slice(0, 21),
    accessKeyId: claims.accessKeyId,
    userName: name,
  };
}
