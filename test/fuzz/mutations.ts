// The ways the fuzzer breaks a valid-looking input: at any member path the model gives (nested ones included) a value
// of the wrong JSON type, null, a missing member, strings and blobs at and past their length limits, huge, negative,
// fractional and non-finite numbers, invalid base64, deep nesting, enum values in the wrong case, random key ids and
// encryption contexts; on the whole body extra, duplicated and wrongly-cased members, or no object at all.

import fc from 'fast-check';
import type { Shape } from '../../src/api/model.generated.js';
import { shapes } from '../../src/api/model.generated.js';
import { Members, RawJson, RawStringBytes } from './json-text.js';
import { encryptionContext, strangeKeyId, type MemberContext } from './member-values.js';

type PathStep = string | number;

/** Every member reachable from an input shape, with its shape: `Tags.0.TagKey`, `Constraints.EncryptionContextSubset`. */
export interface MemberPath {
  path: PathStep[];
  member: string;
  shape: Shape;
}

export type Mutation =
  | { kind: 'set'; path: PathStep[]; value: unknown; label: string }
  | { kind: 'delete'; path: PathStep[]; label: string }
  | { kind: 'rename'; member: string; to: string; label: string }
  | { kind: 'duplicate'; member: string; value: unknown; first: boolean; label: string }
  | { kind: 'body'; value: unknown; label: string };

export function memberPaths(shapeName: string, depth = 3, prefix: PathStep[] = []): MemberPath[] {
  const shape = shapes[shapeName]!;
  if (depth === 0 || shape.type !== 'structure') return [];
  const found: MemberPath[] = [];
  for (const [member, target] of Object.entries(shape.members ?? {})) {
    const path = [...prefix, member];
    const targetShape = shapes[target]!;
    found.push({ path, member, shape: targetShape });
    if (targetShape.type === 'structure') found.push(...memberPaths(target, depth - 1, path));
    if (targetShape.type === 'list') {
      const element = shapes[targetShape.member!]!;
      found.push({ path: [...path, 0], member, shape: element });
      if (element.type === 'structure') found.push(...memberPaths(targetShape.member!, depth - 1, [...path, 0]));
    }
  }
  return found;
}

/** The same input with `mutation` applied; the input is copied, never changed. */
export function applyMutation(input: unknown, mutation: Mutation): unknown {
  if (mutation.kind === 'body') return mutation.value;
  if (!isPlainObject(input)) return input;
  const copy = deepCopy(input) as Record<string, unknown>;
  switch (mutation.kind) {
    case 'set':
    case 'delete':
      setAt(copy, mutation.path, mutation.kind === 'set' ? mutation.value : undefined, mutation.kind === 'delete');
      return copy;
    case 'rename': {
      if (!(mutation.member in copy)) return copy;
      const value = copy[mutation.member];
      delete copy[mutation.member];
      defineMember(copy, mutation.to, value);
      return copy;
    }
    case 'duplicate': {
      const entries = Object.entries(copy);
      const extra = [mutation.member, mutation.value] as const;
      return new Members(mutation.first ? [extra, ...entries] : [...entries, extra]);
    }
  }
}

/** A member named `__proto__` must be an own member, as JSON.parse makes it, not the prototype. */
export function defineMember(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/** An input object (fast-check builds records without a prototype), not an array or one of json-text's raw markers. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || prototype === Object.prototype;
}

function deepCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(deepCopy);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(value)) defineMember(out, name, deepCopy(member));
    return out;
  }
  return value; // scalars and the raw markers, which are never changed
}

function setAt(root: Record<string, unknown>, path: PathStep[], value: unknown, remove: boolean): void {
  let node: Record<string | number, unknown> | unknown[] = root;
  for (let i = 0; i < path.length - 1; i++) {
    const step = path[i]!;
    let next = (node as Record<string | number, unknown>)[step];
    if (typeof next !== 'object' || next === null || next instanceof RawJson || next instanceof Members || next instanceof RawStringBytes) {
      next = typeof path[i + 1] === 'number' ? [] : {};
      (node as Record<string | number, unknown>)[step] = next;
    }
    node = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1]!;
  if (remove) {
    if (Array.isArray(node) && typeof last === 'number') node.splice(last, 1);
    else delete (node as Record<string | number, unknown>)[last];
  } else if (typeof last === 'string' && !Array.isArray(node)) {
    defineMember(node as Record<string, unknown>, last, value);
  } else {
    (node as Record<string | number, unknown>)[last] = value;
  }
}

const pathText = (path: PathStep[]) => path.join('.');

/** Strings of exactly `length` UTF-16 units, in characters a pattern usually takes and ones it usually refuses. */
function stringOfLength(length: number): fc.Arbitrary<string> {
  return fc.constantFrom('a', 'Z9', '/', 'é', '\u{1F600}', ' ', '\u0000', '\u2028').map((unit) => unit.repeat(Math.ceil(length / unit.length) + 1).slice(0, Math.max(0, length)));
}

const deepNesting = fc.oneof(
  fc.constantFrom(64, 1_000, 10_000, 100_000).map((depth) => new RawJson('['.repeat(depth) + ']'.repeat(depth))),
  fc.constantFrom(1_000, 10_000).map((depth) => new RawJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))),
);

/** Numbers JSON can carry and ones it cannot, written raw: past every integer width, fractional, non-finite. */
const strangeNumbers = (shape: Shape) =>
  fc.oneof(
    fc.constantFrom(
      ...[shape.min, shape.max].flatMap((bound) => (bound === undefined ? [] : [bound - 1, bound, bound + 1])),
      0, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, 0.5, 1.5, -0, 5e-324,
    ),
    fc.constantFrom('1e400', '-1e400', '1.0', '1E1', '123456789012345678901234567890', '0x10', 'NaN', 'Infinity', '-', '01', '1e', '--1').map((t) => new RawJson(t)),
    fc.constantFrom('7', 'NaN', '1e3', ''),
    fc.double(),
    fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map((n) => new RawJson(n.toString())),
  );

const invalidBase64 = fc.oneof(
  fc.constantFrom('!!!!', 'a', 'abcde', 'abc=d', '====', 'YQ===', 'Y Q==', 'YQ==\n', '-_-_', 'YWJj\u00e9', '%%%%', '\u0000\u0000\u0000\u0000', 'YW Jj', 'YWJj' + '='.repeat(10), '='),
  fc.string({ minLength: 1, maxLength: 50 }).filter((s) => /[^A-Za-z0-9+/=]/.test(s)),
);

const blobOfLength = (length: number) => fc.constant(Buffer.alloc(Math.max(0, length), 0x61).toString('base64'));

/** Invalid UTF-8 between the quotes of a string: stray continuation bytes, overlong forms, encoded surrogates. */
export const invalidUtf8 = fc
  .constantFrom('ff', 'c328', 'a0a1', 'e28228', 'f0288cbc', 'c0af', 'eda080', 'f8a1a1a1a1', 'fe', 'e2', '61ff62')
  .map((bytes) => new RawStringBytes(Buffer.from(bytes, 'hex')));

function wrongType(shape: Shape): fc.Arbitrary<unknown> {
  const jsonType = shape.type === 'structure' || shape.type === 'map' ? 'object' : shape.type === 'list' ? 'array' : ['string', 'blob', 'timestamp'].includes(shape.type) ? 'string' : shape.type === 'boolean' ? 'boolean' : 'number';
  const candidates: [string, fc.Arbitrary<unknown>][] = [
    ['string', fc.string({ maxLength: 10 })],
    ['number', fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }))],
    ['boolean', fc.boolean()],
    ['array', fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 })],
    ['object', fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })],
  ];
  return fc.oneof(...candidates.filter(([type]) => type !== jsonType && !(type === 'number' && shape.type === 'timestamp')).map(([, arbitrary]) => arbitrary));
}

/** Values that break `p` by its shape: the heart of the fuzzer. */
function breakingValues(p: MemberPath, ctx: MemberContext): fc.Arbitrary<unknown> {
  const { shape } = p;
  const common: fc.Arbitrary<unknown>[] = [wrongType(shape), deepNesting];
  const keyMembers = ['KeyId', 'TargetKeyId', 'SourceKeyId', 'DestinationKeyId'];
  if (keyMembers.includes(p.member) && typeof p.path[p.path.length - 1] === 'string') common.push(strangeKeyId(ctx), strangeKeyId(ctx));
  switch (shape.type) {
    case 'string': {
      const lengths = [shape.min !== undefined ? shape.min - 1 : 0, shape.min ?? 1, shape.max ?? 300, (shape.max ?? 300) + 1, (shape.max ?? 300) * 2];
      const values: fc.Arbitrary<unknown>[] = [fc.constantFrom(...lengths.filter((n) => n >= 0)).chain(stringOfLength), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('\ud800', '\udfff', '\u0000', '')];
      if (shape.enum) {
        const value = fc.constantFrom(...shape.enum);
        values.push(
          value.map((v) => v.toLowerCase()),
          value.map((v) => v.charAt(0) + v.slice(1).toLowerCase()),
          value.map((v) => `${v} `),
          value.map((v) => `${v}_X`),
          value.map((v) => v.replace(/_/g, '-')),
        );
      }
      return fc.oneof(...values, ...common);
    }
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return fc.oneof(strangeNumbers(shape), strangeNumbers(shape), ...common);
    case 'boolean':
      return fc.oneof(fc.constantFrom('true', 1, 0, 'false', new RawJson('True'), new RawJson('tru')), ...common);
    case 'blob': {
      const lengths = [shape.min !== undefined ? shape.min - 1 : 0, shape.min ?? 1, shape.max ?? 4096, (shape.max ?? 4096) + 1];
      return fc.oneof(invalidBase64, invalidBase64, fc.constantFrom(...lengths.filter((n) => n >= 0)).chain(blobOfLength), ...common);
    }
    case 'timestamp':
      return fc.oneof(
        fc.constantFrom('2030-01-01T00:00:00Z', 'yesterday', '', '1735689600', '-1', 'NaN', '2030-13-45T99:99:99Z'),
        fc.constantFrom(1e20, -1e20, -1, 0, 8.64e12, 8.64e12 + 1, 1e15, 0.001, 1e-300),
        fc.constantFrom('1e400', '-0', '1735689600.123456789').map((t) => new RawJson(t)),
        ...common,
      );
    case 'list': {
      const max = shape.max ?? 50;
      const element = shapes[shape.member!]!;
      const filler = element.type === 'structure' ? { TagKey: 'k', TagValue: 'v' } : element.enum ? element.enum[0] : 'x';
      return fc.oneof(
        fc.constant([]),
        fc.constantFrom(max + 1, 51, 1000).map((n) => Array.from({ length: n }, (_, i) => (typeof filler === 'object' ? { TagKey: `k${i}`, TagValue: 'v' } : filler))),
        fc.constant([null]),
        fc.constant([[filler]]),
        ...common,
      );
    }
    case 'map':
      return fc.oneof(
        encryptionContext(ctx),
        fc.constant({ a: null }),
        fc.constant({ a: 1 }),
        fc.constant({ a: { b: 'c' } }),
        fc.constant({ a: ['b'] }),
        fc.constant(Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, 'v']))),
        ...common,
      );
    case 'structure':
      return fc.oneof(fc.constant({}), ...common);
  }
}

/** Mutations of one operation's input; `paths` are its member paths (memberPaths of the input shape). */
export function mutation(inputShape: string, paths: MemberPath[], ctx: MemberContext): fc.Arbitrary<Mutation> {
  const topLevel = Object.keys(shapes[inputShape]!.members ?? {});
  const valueMutation = paths.length
    ? fc.constantFrom(...paths).chain((p) =>
        fc.oneof(
          { weight: 6, arbitrary: breakingValues(p, ctx).map((value): Mutation => ({ kind: 'set', path: p.path, value, label: `break ${pathText(p.path)}` })) },
          { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'set', path: p.path, value: null, label: `null ${pathText(p.path)}` }) },
          { weight: 2, arbitrary: fc.constant<Mutation>({ kind: 'delete', path: p.path, label: `drop ${pathText(p.path)}` }) },
        ),
      )
    : fc.constant<Mutation>({ kind: 'body', value: {}, label: 'empty object' });
  const extraName = fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.constantFrom('__proto__', 'constructor', 'prototype', '__type', 'toString', 'hasOwnProperty', 'keyId', 'KEYID', 'Plaintext', 'KeyId ', ''),
  );
  const extra = fc
    .tuple(extraName, fc.oneof(fc.jsonValue({ maxDepth: 3 }), deepNesting))
    .map(([name, value]): Mutation => ({ kind: 'set', path: [name], value, label: `extra member ${JSON.stringify(name)}` }));
  const topMutations: fc.Arbitrary<Mutation>[] = [extra];
  if (topLevel.length) {
    const member = fc.constantFrom(...topLevel);
    topMutations.push(
      member.map((m): Mutation => ({ kind: 'rename', member: m, to: m.charAt(0).toLowerCase() + m.slice(1), label: `rename ${m}` })),
      fc
        .tuple(member, fc.oneof(fc.jsonValue({ maxDepth: 2 }), deepNesting), fc.boolean())
        .map(([m, value, first]): Mutation => ({ kind: 'duplicate', member: m, value, first, label: `duplicate ${m} ${first ? 'first' : 'last'}` })),
    );
  }
  const body = fc
    .oneof(
      fc.constantFrom([], 'text', 0, null, true, [{}]),
      fc.constantFrom('{"a":1}garbage', '{', '{"KeyId":', '{}{}', '\u0000', ' ').map((t) => new RawJson(t)),
      deepNesting,
    )
    .map((value): Mutation => ({ kind: 'body', value, label: 'not an object' }));
  return fc.oneof({ weight: 12, arbitrary: valueMutation }, { weight: 3, arbitrary: fc.oneof(...topMutations) }, { weight: 1, arbitrary: body });
}

/** A string somewhere in the body (a member, an encryption context value, an unknown member) that is not UTF-8. */
export function invalidUtf8Mutation(paths: MemberPath[]): fc.Arbitrary<Mutation> {
  const strings = paths.filter((p) => p.shape.type === 'string');
  const maps = paths.filter((p) => p.shape.type === 'map');
  const at = (p: MemberPath[], suffix: PathStep[]) =>
    fc.tuple(fc.constantFrom(...p), invalidUtf8).map(([m, value]): Mutation => ({ kind: 'set', path: [...m.path, ...suffix], value, label: `invalid UTF-8 in ${pathText([...m.path, ...suffix])}` }));
  const extra = invalidUtf8.map((value): Mutation => ({ kind: 'set', path: ['Unknown'], value, label: 'invalid UTF-8 in an unknown member' }));
  return fc.oneof(...(strings.length ? [at(strings, [])] : []), ...(maps.length ? [at(maps, ['purpose'])] : []), extra);
}
