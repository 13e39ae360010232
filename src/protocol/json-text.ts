// Decodes a request body as JSON text, strictly: bytes that are not UTF-8, and \u escapes that leave half a surrogate
// pair, are refused rather than replaced with U+FFFD — otherwise two different encryption contexts (say byte FF and
// byte FE) would decode to the same string and authenticate each other's ciphertexts.
import { isUtf8 } from 'node:buffer';
import { SerializationException } from '../api/errors.js';

/** A \u escape of a high or low surrogate; only these can make a lone surrogate out of valid UTF-8. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

/** Parses `body`; throws SerializationException for bytes that are not UTF-8, text that is not JSON, or lone surrogates. */
export function parseJsonText(body: Buffer): unknown {
  if (!isUtf8(body)) throw new SerializationException('The request body is not valid UTF-8.');
  const text = body.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SerializationException('The request body is not valid JSON.');
  }
  if (SURROGATE_ESCAPE.test(text) && hasLoneSurrogate(value)) {
    throw new SerializationException('The request body contains a string that is not valid Unicode (a lone surrogate).');
  }
  return value;
}

/** Walks every key and string of the document without recursion: a deeply nested body must not exhaust the stack. */
function hasLoneSurrogate(document: unknown): boolean {
  const pending: unknown[] = [document];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (!isWellFormed(value)) return true;
    } else if (Array.isArray(value)) {
      // One at a time: spreading a long array into push() would exceed the argument limit.
      for (const item of value) pending.push(item);
    } else if (value !== null && typeof value === 'object') {
      for (const [name, member] of Object.entries(value)) {
        if (!isWellFormed(name)) return true;
        pending.push(member);
      }
    }
  }
  return false;
}

/** String.prototype.isWellFormed (ES2024, in Node.js 20) is not in the ES2023 library this project compiles with. */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}
