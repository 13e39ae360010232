// requestParameters of a record: the decoded request with camelCase member names, driven by the API model so that
// every blob (Plaintext, CiphertextBlob, ImportToken, EncryptedKeyMaterial, Message, Mac, Signature, PublicKey, ...)
// and every member the model marks sensitive (key store passwords, XKS proxy credentials) is left out (9.1, 9.2).

import { operations, shapes, type OperationName } from '../api/model.generated.js';
import { auditValue, isoSeconds } from './cloudtrail-record.js';

/** Turns one decoded value into its audit form; undefined leaves the member out. */
type Convert = (value: unknown) => unknown;

const compiled = new Map<string, Convert | null>();
const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);
const identity: Convert = (value) => value;

/**
 * Members AWS records even when the caller left them out, with the default the service used: Decrypt always shows
 * encryptionAlgorithm (9.2), and so do AWS's Encrypt and ReEncrypt examples (ct-encrypt) [?].
 */
const DEFAULTS: Partial<Record<string, Readonly<Record<string, string>>>> = {
  Decrypt: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
  Encrypt: { encryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
  ReEncrypt: { sourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', destinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
};

/**
 * The requestParameters of `eventName` for a decoded input; null when there was no decodable input. Calls that are
 * not KMS operations (CloudTrail's LookupEvents) are shown member for member, camelCase, binary values left out.
 */
export function requestParametersOf(eventName: string, input: Record<string, unknown> | undefined): Record<string, unknown> | null {
  if (input === undefined) return null;
  if (!Object.hasOwn(operations, eventName)) return (auditValue(input, true) as Record<string, unknown> | undefined) ?? null;
  const convert = converterFor(operations[eventName as OperationName].input);
  const parameters = ((convert ? convert(input) : undefined) ?? {}) as Record<string, unknown>;
  const defaults = DEFAULTS[eventName];
  if (defaults) for (const [name, value] of Object.entries(defaults)) parameters[name] ??= value;
  return parameters;
}

/** null: the shape is never recorded (binary or sensitive). */
function converterFor(shapeName: string): Convert | null {
  const known = compiled.get(shapeName);
  if (known !== undefined) return known;
  compiled.set(shapeName, identity); // a recursive shape meets itself as a plain value
  const converter = compile(shapeName);
  compiled.set(shapeName, converter);
  return converter;
}

function compile(shapeName: string): Convert | null {
  const shape = shapes[shapeName];
  if (!shape || shape.type === 'blob' || shape.sensitive) return null;
  switch (shape.type) {
    case 'structure': {
      const members: [string, string, Convert][] = [];
      for (const [member, target] of Object.entries(shape.members ?? {})) {
        if (shape.sensitiveMembers?.includes(member)) continue;
        const convert = converterFor(target);
        if (convert) members.push([member, lowerFirst(member), convert]);
      }
      return (value) => {
        if (typeof value !== 'object' || value === null) return undefined;
        const out: Record<string, unknown> = {};
        let kept = 0;
        for (const [member, name, convert] of members) {
          const memberValue = (value as Record<string, unknown>)[member];
          if (memberValue === undefined) continue;
          const shown = convert(memberValue);
          if (shown !== undefined) {
            out[name] = shown;
            kept++;
          }
        }
        // A structure whose every member was secret says nothing worth keeping.
        return kept === 0 && Object.keys(value).length > 0 ? undefined : out;
      };
    }
    case 'list': {
      const convert = converterFor(shape.member!);
      if (!convert) return null;
      return (value) => (Array.isArray(value) ? value.map(convert).filter((item) => item !== undefined) : undefined);
    }
    case 'map': {
      const convert = converterFor(shape.value!);
      if (!convert) return null;
      // Map keys (encryption context keys, tag keys) are data: they keep their spelling.
      return (value) => {
        if (typeof value !== 'object' || value === null) return undefined;
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value)) {
          const shown = convert(item);
          if (shown !== undefined) out[key] = shown;
        }
        return out;
      };
    }
    case 'timestamp':
      return (value) => (value instanceof Date ? isoSeconds(value) : value);
    default:
      return (value) => (value instanceof Uint8Array ? undefined : value);
  }
}
