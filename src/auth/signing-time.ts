// When a SigV4 signature is valid: the request time format (ISO 8601 basic, 20150830T123600Z), the
// allowed clock skew, and the expiry of presigned URLs, with AWS's "Signature expired" messages.
import { IncompleteSignatureException, InvalidSignatureException } from '../api/errors.js';

/**
 * How far the request time may be from our clock. AWS KMS is reported at 5 minutes by most
 * observed "Signature expired: ... (... - 5 min.)" messages; some older services used 15.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The longest X-Amz-Expires a presigned request may carry: one week, as in AWS's signers. */
export const MAX_PRESIGNED_EXPIRES_SECONDS = 7 * 24 * 60 * 60;

const BASIC_FORMAT = /^\d{8}T\d{6}Z$/;

/** Parses `yyyymmddThhmmssZ`; undefined for anything else, including impossible dates. */
export function parseAmzDate(value: string): Date | undefined {
  if (!BASIC_FORMAT.test(value)) return undefined;
  const field = (start: number, end: number): number => Number(value.slice(start, end));
  const [year, month, day] = [field(0, 4), field(4, 6), field(6, 8)];
  const [hour, minute, second] = [field(9, 11), field(11, 13), field(13, 15)];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 20150231 over into March, and day 00 back into the previous month.
  return date.getUTCDate() === day ? date : undefined;
}

/** `date` as `yyyymmddThhmmssZ`, milliseconds dropped. */
export function formatAmzDate(date: Date): string {
  const iso = date.toISOString(); // 2015-08-30T12:36:00.000Z
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
}

/**
 * The request time from an X-Amz-Date value or, when only a `Date` header was sent, from that
 * header (basic format or an HTTP date), as the string to sign carries it.
 */
export function requestDateTime(value: string, allowHttpDate: boolean): { longDate: string; date: Date } {
  const basic = parseAmzDate(value);
  if (basic !== undefined) return { longDate: value, date: basic };
  if (allowHttpDate) {
    const millis = Date.parse(value);
    if (!Number.isNaN(millis)) {
      const date = new Date(Math.floor(millis / 1000) * 1000);
      return { longDate: formatAmzDate(date), date };
    }
  }
  throw new IncompleteSignatureException(
    `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
  );
}

/**
 * A request signed more than `maxSkewMs` before or after `now` is refused; a presigned request
 * stays valid `expiresSeconds` after its time but is still refused when it is dated in the future.
 * Messages follow AWS: "Signature expired: <t> is now earlier than <now - skew> (<now> - 5 min.)"
 * and "Signature not yet current: <t> is still later than <now + skew> (<now> + 5 min.)".
 */
export function checkSigningTime(
  signingDate: Date,
  longDate: string,
  now: Date,
  expiresSeconds: number | undefined,
  maxSkewMs: number = MAX_CLOCK_SKEW_MS,
): void {
  const nowMs = Math.floor(now.getTime() / 1000) * 1000;
  const signedMs = signingDate.getTime();
  if (signedMs > nowMs + maxSkewMs) {
    throw new InvalidSignatureException(
      `Signature not yet current: ${longDate} is still later than ${formatAmzDate(new Date(nowMs + maxSkewMs))}` +
        ` (${formatAmzDate(now)} + ${describe(maxSkewMs)})`,
    );
  }
  const validMs = expiresSeconds === undefined ? maxSkewMs : expiresSeconds * 1000;
  if (signedMs < nowMs - validMs) {
    throw new InvalidSignatureException(
      `Signature expired: ${longDate} is now earlier than ${formatAmzDate(new Date(nowMs - validMs))}` +
        ` (${formatAmzDate(now)} - ${describe(validMs)})`,
    );
  }
}

function describe(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min.` : `${ms / 1000} sec.`;
}
