// The base of every AWS error openkms sends: its wire name (`__type`), fault and message.
// Concrete classes live in errors.generated.ts (from the model) and errors.ts (the ones AWS sends
// but the model omits).

export type Fault = 'client' | 'server';

export abstract class KmsError extends Error {
  /** The wire `__type`, e.g. `NotFoundException`. */
  abstract override readonly name: string;
  /** Client errors are answered with HTTP 400, server errors with 500 (docs/kms-behaviour.md 8.3). */
  readonly fault: Fault = 'client';
  /** AWS sends some exceptions with no message at all (InvalidCiphertextException, ...). */
  readonly hasMessage: boolean;

  constructor(message?: string) {
    super(message ?? '');
    this.hasMessage = message !== undefined;
  }
}
