// The one error a proxy request ends with: an XKS error name (which fixes the HTTP status) and a short message for the
// caller's logs. Everything a request can fail on is turned into one of these where the rule lives.

import { XKS_ERROR_STATUS, type XksErrorBody, type XksErrorName } from '../wire.js';

export class XksProxyError extends Error {
  constructor(
    readonly errorName: XksErrorName,
    message: string,
  ) {
    super(message);
  }

  override get name(): string {
    return this.errorName;
  }

  get status(): number {
    return XKS_ERROR_STATUS[this.errorName];
  }

  /** The body of the answer: `errorMessage` kept to printable ASCII under 512 characters, as the spec requires. */
  body(): XksErrorBody {
    return { errorName: this.errorName, errorMessage: printableAscii(this.message) };
  }
}

function printableAscii(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 511);
}
