// Parses a SigV4 credential, `AKID/yyyymmdd/region/service/aws4_request`, into the access key id
// and the scope the signing key was derived for, with AWS's messages for a malformed one.
import { IncompleteSignatureException, InvalidSignatureException } from '../api/errors.js';

export interface CredentialScope {
  accessKeyId: string;
  /** The `yyyymmdd` the signing key was derived for. */
  scopeDate: string;
  region: string;
  service: string;
  /** `yyyymmdd/region/service/aws4_request`, the third line of the string to sign. */
  scope: string;
}

const TERMINATOR = 'aws4_request';

/**
 * The shape of every AWS Region name (us-east-1, cn-north-1, us-gov-west-1, eu-isoe-west-1, eusc-de-east-1): a
 * partition prefix, one or more words and a number. The Region becomes part of ARNs, so nothing else may pass (a
 * colon would let an ARN's account field be chosen by the caller).
 */
const REGION_NAME = /^[a-z]{2,8}(?:-[a-z]{1,16}){1,3}-\d{1,2}$/;

export function parseCredential(credential: string): CredentialScope {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts.some((part) => part === '')) {
    throw new IncompleteSignatureException(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [accessKeyId, scopeDate, region, service, terminator] = parts as [string, string, string, string, string];
  // AWS reports scope problems as signature mismatches (SignatureDoesNotMatch in the query
  // protocols, InvalidSignatureException in JSON), with the trailing space of its messages.
  if (terminator !== TERMINATOR) {
    throw new InvalidSignatureException(
      `Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${terminator}'. `,
    );
  }
  if (!REGION_NAME.test(region)) {
    throw new InvalidSignatureException(`Credential should be scoped to a valid region, not '${region}'. `);
  }
  return { accessKeyId, scopeDate, region, service, scope: `${scopeDate}/${region}/${service}/${TERMINATOR}` };
}

/**
 * The credential scope's date must be the request date: AWS refuses a scope of 20151015 with an
 * X-Amz-Date of 20151014T235959Z (docs.aws.amazon.com/general/latest/gr/sigv4-date-handling.html).
 */
export function checkScopeDate(scopeDate: string, longDate: string): void {
  const requestDay = longDate.slice(0, 8);
  if (scopeDate !== requestDay) {
    throw new InvalidSignatureException(
      'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: ' +
        `'${scopeDate}' != '${requestDay}', from '${longDate}'.`,
    );
  }
}

/**
 * For the caller, once it knows which services an endpoint serves: a credential scoped to another
 * service is refused as AWS does ("Credential should be scoped to correct service: 'kms'. ").
 */
export function checkScopeService(service: string, served: readonly string[]): void {
  if (!served.includes(service)) {
    throw new InvalidSignatureException(`Credential should be scoped to correct service: '${served[0] ?? ''}'. `);
  }
}
