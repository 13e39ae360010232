// Turns a parsed JSON request body into an operation's input, checked against the API model: wrong JSON types
// throw SerializationException, constraint failures AWS's exact ValidationException (kms-behaviour.md 8.1, 8.4).
import { cloudtrailShapes, lookupEventsOperation } from '../api/cloudtrail-model.generated.js';
import { SerializationException, UnknownOperationException, ValidationException } from '../api/errors.js';
import { operations, shapes, type OperationName, type Shape } from '../api/model.generated.js';
import { awsEnumOrder } from './enum-order.js';

/** Decodes one value at `path`, pushing constraint failures (full message items) onto `failures`. */
type Decode = (value: unknown, path: string, failures: string[]) => unknown;
/** The rules a scalar breaks, in a fixed order, or undefined when it breaks none. */
type Check = (value: never) => string[] | undefined;
type Rule = (value: never) => string | undefined;
type ShapeTable = Readonly<Record<string, Shape>>;

// SerializationException texts follow the style of AWS JSON services (kms-behaviour.md A.3: no AWS text known).
// They never quote the value: it may be plaintext.
const objectFound = 'Start of structure or map found where not expected.';
const listFound = 'Start of list found where not expected.';
const invalidBase64 = 'Base64 encoded blob value is invalid.';
const nullMapValue = 'Null map values are not allowed.';
const notNull = 'Member must not be null';

const epochSeconds = /^-?\d+(?:\.\d+)?$/;
const int32 = 2 ** 31;

function token(value: unknown): string {
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'number') return 'NUMBER_VALUE';
  if (typeof value === 'boolean') return 'BOOLEAN_VALUE';
  return 'NULL_VALUE';
}

function wrongType(value: unknown, target: string): SerializationException {
  if (Array.isArray(value)) return new SerializationException(listFound);
  if (typeof value === 'object' && value !== null) return new SerializationException(objectFound);
  return new SerializationException(`${token(value)} can not be converted to ${target}`);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Standard base64 (RFC 4648 section 4) to bytes, or undefined if malformed. Padding may be left off, as Java's
 * decoder allows. Node's decoder skips characters it does not know and stops at `=`, so a short result means
 * a bad character; it also takes the URL-safe `-_`, refused here. Faster than a regex over the whole string.
 */
function decodeBase64(value: string): Buffer | undefined {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 0x3d) end--;
  const padding = value.length - end;
  if (padding > 2 || end % 4 === 1 || (padding > 0 && value.length % 4 !== 0)) return undefined;
  if (value.includes('-') || value.includes('_')) return undefined;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === Math.floor((end * 3) / 4) ? bytes : undefined;
}

/** Path segments are member names with the first letter lower-cased (kms-behaviour.md 8.4). */
const pathName = (member: string): string => member.charAt(0).toLowerCase() + member.slice(1);

/** Values print as AWS's Java service does: blobs (decoded) as their ByteBuffer [?], lists as `[a, b]`. */
function render(value: unknown, shape: Shape): string {
  if (shape.type === 'blob') {
    const length = Buffer.isBuffer(value) ? value.length : 0;
    return `java.nio.HeapByteBuffer[pos=0 lim=${length} cap=${length}]`;
  }
  if (Array.isArray(value)) return `[${value.map((item) => (item === null ? 'null' : String(item))).join(', ')}]`;
  return String(value);
}

function item(value: unknown, shape: Shape, sensitive: boolean, path: string, rule: string): string {
  const shown = sensitive ? '' : `'${render(value, shape)}' `;
  return `Value ${shown}at '${path}' failed to satisfy constraint: ${rule}`;
}

/** `min`/`max` as rules on `measure(value)`: a length for strings, blobs and lists, a value for numbers. */
function boundRules<T>(shape: Shape, what: 'length' | 'value', measure: (value: T) => number): Rule[] {
  const rules: Rule[] = [];
  const { min, max } = shape;
  if (max !== undefined) {
    const rule = `Member must have ${what} less than or equal to ${max}`;
    rules.push((value: T) => (measure(value) > max ? rule : undefined));
  }
  if (min !== undefined && (what === 'value' || min > 0)) {
    const rule = `Member must have ${what} greater than or equal to ${min}`;
    rules.push((value: T) => (measure(value) < min ? rule : undefined));
  }
  return rules;
}

/** Runs every rule, so a value breaking two reports both (kms-behaviour.md 8.4); undefined if there are none. */
function combine(rules: Rule[]): Check | undefined {
  if (rules.length === 0) return undefined;
  return (value) => {
    let failed: string[] | undefined;
    for (const rule of rules) {
      const broken = rule(value);
      if (broken !== undefined) (failed ??= []).push(broken);
    }
    return failed;
  };
}

/** The constraints of a string, blob (decoded byte length) or number shape, or undefined if it has none. */
function scalarCheck(shape: Shape): Check | undefined {
  switch (shape.type) {
    case 'string': {
      const rules = boundRules(shape, 'length', (s: string) => s.length);
      if (shape.pattern !== undefined) {
        // Compiled once per shape. The whole value must match, as with Java's Pattern.matches.
        const regex = new RegExp(`^(?:${shape.pattern})$`, 'u');
        const rule = `Member must satisfy regular expression pattern: ${shape.pattern}`;
        rules.push((s: string) => (regex.test(s) ? undefined : rule));
      }
      if (shape.enum) {
        const values = new Set(shape.enum);
        // Listed in AWS's order, not the model's (enum-order.ts).
        const rule = `Member must satisfy enum value set: [${awsEnumOrder(shape.enum).join(', ')}]`;
        rules.push((s: string) => (values.has(s) ? undefined : rule));
      }
      return combine(rules);
    }
    case 'blob':
      return combine(boundRules(shape, 'length', (bytes: Buffer) => bytes.length));
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return combine(boundRules(shape, 'value', (n: number) => n));
    default:
      return undefined;
  }
}

/** Converts a JSON scalar to its decoded form, or throws SerializationException. */
function scalarDecoder(shape: Shape): (value: unknown) => unknown {
  switch (shape.type) {
    case 'string':
      return (value) => {
        if (typeof value !== 'string') throw wrongType(value, 'a String');
        return value;
      };
    case 'boolean':
      return (value) => {
        if (typeof value !== 'boolean') throw wrongType(value, 'a Boolean');
        return value;
      };
    case 'integer':
      return (value) => {
        if (typeof value !== 'number' || !Number.isInteger(value) || value < -int32 || value >= int32) {
          throw wrongType(value, 'an Integer');
        }
        return value;
      };
    case 'long':
      return (value) => {
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw wrongType(value, 'a Long');
        return value;
      };
    case 'blob':
      return (value) => {
        if (typeof value !== 'string') throw wrongType(value, 'a Blob');
        const bytes = decodeBase64(value);
        if (!bytes) throw new SerializationException(invalidBase64);
        return bytes;
      };
    case 'timestamp':
      return decodeTimestamp;
    default:
      return (value) => {
        if (typeof value !== 'number') throw wrongType(value, 'a Double');
        return value;
      };
  }
}

/** Epoch seconds as a JSON number (kms-behaviour.md 8.1); numeric and ISO 8601 strings are accepted too. */
function decodeTimestamp(value: unknown): Date {
  let ms = Number.NaN;
  if (typeof value === 'number') ms = value * 1000;
  else if (typeof value === 'string') ms = epochSeconds.test(value) ? Number(value) * 1000 : Date.parse(value);
  else throw wrongType(value, 'a Timestamp');
  const date = new Date(ms);
  if (!Number.isNaN(date.getTime())) return date;
  throw new SerializationException(`${token(value)} can not be converted to a Timestamp`);
}

/** Builds (once per shape) the decoder of one model shape; `sensitive` drops values from messages. */
function compile(table: ShapeTable, cache: Map<string, Decode>, name: string, sensitive = false): Decode {
  const key = sensitive ? `${name}#sensitive` : name;
  const cached = cache.get(key);
  if (cached) return cached;
  // A trampoline first, so a shape that (indirectly) contains itself compiles.
  let built: Decode | undefined;
  cache.set(key, (value, path, failures) => built!(value, path, failures));
  const shape = table[name];
  if (!shape) throw new Error(`unknown shape ${name}`);
  built = build(table, cache, shape, sensitive || shape.sensitive === true);
  cache.set(key, built);
  return built;
}

function build(table: ShapeTable, cache: Map<string, Decode>, shape: Shape, sensitive: boolean): Decode {
  switch (shape.type) {
    case 'structure':
      return structureDecoder(table, cache, shape);
    case 'list':
      return listDecoder(table, cache, shape, sensitive);
    case 'map':
      return mapDecoder(table, cache, shape);
    default: {
      const decode = scalarDecoder(shape);
      const check = scalarCheck(shape);
      if (!check) return decode;
      return (value, path, failures) => {
        const decoded = decode(value);
        const broken = check(decoded as never);
        if (broken) for (const rule of broken) failures.push(item(decoded, shape, sensitive, path, rule));
        return decoded;
      };
    }
  }
}

function structureDecoder(table: ShapeTable, cache: Map<string, Decode>, shape: Shape): Decode {
  const required = new Set(shape.required);
  const sensitiveMembers = new Set(shape.sensitiveMembers);
  const members = Object.entries(shape.members ?? {}).map(([member, target]) => ({
    member,
    path: pathName(member),
    required: required.has(member),
    decode: compile(table, cache, target, sensitiveMembers.has(member)),
  }));
  return (value, path, failures) => {
    if (!isObject(value)) throw wrongType(value, 'a Structure');
    const out: Record<string, unknown> = {};
    for (const m of members) {
      // Explicit null counts as absent; unknown members are never read, so they are dropped (8.1).
      const raw = value[m.member];
      const at = path ? `${path}.${m.path}` : m.path;
      if (raw === undefined || raw === null) {
        if (m.required) failures.push(`Value null at '${at}' failed to satisfy constraint: ${notNull}`);
      } else {
        out[m.member] = m.decode(raw, at, failures);
      }
    }
    return out;
  };
}

function listDecoder(table: ShapeTable, cache: Map<string, Decode>, shape: Shape, sensitive: boolean): Decode {
  const elementShape = table[shape.member!]!;
  const scalar = elementShape.type !== 'structure' && elementShape.type !== 'list' && elementShape.type !== 'map';
  const lengthCheck = combine(boundRules(shape, 'length', (list: unknown[]) => list.length));
  const elementDecode = scalar ? scalarDecoder(elementShape) : compile(table, cache, shape.member!);
  const elementCheck = scalar ? scalarCheck(elementShape) : undefined;
  const elementSensitive = sensitive || elementShape.sensitive === true;
  return (value, path, failures) => {
    if (!Array.isArray(value)) throw wrongType(value, 'a List');
    const tooLong = lengthCheck?.(value as never);
    if (tooLong) for (const rule of tooLong) failures.push(item(value, shape, elementSensitive, path, rule));
    const out = new Array<unknown>(value.length);
    // Scalar elements are reported once for the whole list, listing the rules any element broke (8.4).
    let broken: Set<string> | undefined;
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (element === null || element === undefined) {
        if (scalar) (broken ??= new Set()).add(notNull);
        else failures.push(`Value null at '${path}.${i + 1}.member' failed to satisfy constraint: ${notNull}`);
        continue;
      }
      if (!scalar) {
        out[i] = (elementDecode as Decode)(element, `${path}.${i + 1}.member`, failures);
        continue;
      }
      out[i] = (elementDecode as (value: unknown) => unknown)(element);
      const rules = elementCheck?.(out[i] as never);
      if (rules) for (const rule of rules) (broken ??= new Set()).add(rule);
    }
    if (broken) {
      const rule = `Member must satisfy constraint: [${[...broken].join(', ')}]`;
      failures.push(item(value, shape, elementSensitive, path, rule));
    }
    return out;
  };
}

function mapDecoder(table: ShapeTable, cache: Map<string, Decode>, shape: Shape): Decode {
  const stringValues = table[shape.value!]!.type === 'string';
  const decodeValue = compile(table, cache, shape.value!);
  return (value, path, failures) => {
    if (!isObject(value)) throw wrongType(value, 'a Map');
    const entries = Object.entries(value);
    for (const [, v] of entries) {
      if (v === null) throw new SerializationException(nullMapValue);
      if (stringValues && typeof v !== 'string') throw wrongType(v, 'a String');
    }
    // String-valued maps (EncryptionContext) come back as parsed; JSON.parse already made `__proto__` an own key.
    if (stringValues) return value;
    return Object.fromEntries(entries.map(([k, v]) => [k, decodeValue(v, `${path}.${k}`, failures)]));
  };
}

function run(decode: Decode, body: unknown): Record<string, unknown> {
  const failures: string[] = [];
  const input = decode(body, '', failures) as Record<string, unknown>;
  if (failures.length === 1) throw new ValidationException(`1 validation error detected: ${failures[0]}`);
  if (failures.length > 1) {
    throw new ValidationException(`${failures.length} validation errors detected: ${failures.join('; ')}`);
  }
  return input;
}

const kmsCache = new Map<string, Decode>();
const decoders = new Map<string, Decode>();

/** The decoded input of a KMS operation (blobs as Buffer, timestamps as Date), or the AWS error for it. */
export function decodeInput(operation: OperationName, body: unknown): Record<string, unknown> {
  let decode = decoders.get(operation);
  if (!decode) {
    // The router should only pass model names, but a stray string must not reach Object.prototype.
    if (!Object.hasOwn(operations, operation)) throw new UnknownOperationException();
    decode = compile(shapes, kmsCache, operations[operation].input);
    decoders.set(operation, decode);
  }
  return run(decode, body);
}

const cloudtrailCache = new Map<string, Decode>();
let lookupEventsDecoder: Decode | undefined;

/** The decoded input of CloudTrail LookupEvents, served on the same endpoint (protocol/cloudtrail-pipeline.ts). */
export function decodeLookupEventsInput(body: unknown): Record<string, unknown> {
  lookupEventsDecoder ??= compile(cloudtrailShapes, cloudtrailCache, lookupEventsOperation.input);
  return run(lookupEventsDecoder, body);
}
