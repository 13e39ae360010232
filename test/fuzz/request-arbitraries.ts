// Requests for all 54 KMS operations, built from the API model: a valid-looking input from the operation's input shape
// (or a consistent one from the fixture), broken by up to three mutations, sent by one of several principals and
// signed for one of several Regions; each case prints as a short, replayable description.

import fc from 'fast-check';
import { operationNames, operations, shapes, type OperationName } from '../../src/api/model.generated.js';
import { who, type Credentials } from '../support/authorization-fixture.js';
import { consistentInput } from './consistent-inputs.js';
import { FIXTURE_REGIONS, type FixtureRegion, type FuzzFixture } from './fuzz-fixture.js';
import { encodeJson } from './json-text.js';
import { memberValue, type MemberContext } from './member-values.js';
import { applyMutation, invalidUtf8Mutation, memberPaths, mutation, type Mutation } from './mutations.js';
import type { HttpCase } from './send-request.js';

/** Who signs: the administrator mostly; a user with kms:*, one with no policy, the account's root, another account's user. */
export const CALLERS = { admin: who.admin, alice: who.alice, bob: who.bob, carol: who.carol, rootA: who.rootA } satisfies Record<string, Credentials>;
export type CallerName = keyof typeof CALLERS;

/**
 * Operations that may leave a key unusable or move its aliases and grants (disable, delete, lock out by policy, import,
 * retire): they aim at the scratch keys, so the stable ones keep reaching the deep paths for the whole run.
 */
const BREAKS_KEYS = new Set<OperationName>([
  'EnableKey', 'DisableKey', 'ScheduleKeyDeletion', 'CancelKeyDeletion', 'PutKeyPolicy', 'DeleteImportedKeyMaterial',
  'ImportKeyMaterial', 'UpdateAlias', 'DeleteAlias', 'RevokeGrant', 'RetireGrant',
]);

export interface KmsCase {
  kind: 'kms';
  operation: OperationName;
  caller: CallerName;
  region: string;
  input: unknown;
  mutations: Mutation[];
}

function modelValue(shapeName: string, member: string | undefined, ctx: MemberContext, depth: number): fc.Arbitrary<unknown> {
  const special = member === undefined ? undefined : memberValue(member, ctx);
  if (special) return special;
  const shape = shapes[shapeName]!;
  switch (shape.type) {
    case 'structure': {
      if (depth > 3) return fc.constant({});
      const members = Object.entries(shape.members ?? {});
      const model = Object.fromEntries(members.map(([name, target]) => [name, modelValue(target, name, ctx, depth + 1)]));
      return fc.record(model, { requiredKeys: (shape.required ?? []) as string[] });
    }
    case 'string':
      if (shape.enum) return fc.constantFrom(...shape.enum);
      // Not filtered by length: a filter the generator rarely meets would stall the run, and a value past a bound is
      // a fine input too.
      if (shape.pattern) return fc.stringMatching(new RegExp(`^(?:${shape.pattern})$`, 'u'), { size: 'small' });
      return fc.string({ minLength: shape.min ?? 0, maxLength: Math.max(shape.min ?? 0, Math.min(shape.max ?? 40, 40)) });
    case 'integer':
    case 'long':
      return fc.integer({ min: shape.min ?? 0, max: shape.max ?? 10_000 });
    case 'double':
    case 'float':
      return fc.double({ min: shape.min ?? 0, max: shape.max ?? 10_000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'blob':
      return fc.uint8Array({ minLength: Math.max(shape.min ?? 1, 1), maxLength: Math.max(shape.min ?? 1, Math.min(shape.max ?? 64, 64)) }).map((b) => Buffer.from(b).toString('base64'));
    case 'timestamp':
      return fc.integer({ min: 1_700_000_000, max: 2_000_000_000 });
    case 'list':
      return fc.array(modelValue(shape.member!, undefined, ctx, depth + 1), { minLength: shape.min ?? 0, maxLength: Math.min(shape.max ?? 3, 3) });
    case 'map':
      return fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), modelValue(shape.value!, undefined, ctx, depth + 1), { maxKeys: 3 });
  }
}

/** `mutated`: up to three of the mutations; `invalid-utf8`: one string that is not UTF-8 in an otherwise valid input. */
export type CaseVariant = 'mutated' | 'invalid-utf8';

const cache = new Map<string, fc.Arbitrary<KmsCase>>();

/** The cases of one operation, for a caller and Region picked beforehand (the fixture keys depend on both). */
function operationCase(fixture: FuzzFixture, variant: CaseVariant, operation: OperationName, caller: CallerName, region: string): fc.Arbitrary<KmsCase> {
  const cacheKey = `${variant} ${operation} ${caller} ${region}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const fixtureRegion: FixtureRegion = (FIXTURE_REGIONS as readonly string[]).includes(region) ? (region as FixtureRegion) : 'us-east-1';
  const pools = fixture.keys[fixtureRegion];
  const ctx: MemberContext = { fixture, keys: BREAKS_KEYS.has(operation) ? pools.scratch : pools.stable, region, operation };
  const inputShape = operations[operation].input;
  const fromModel = modelValue(inputShape, undefined, ctx, 0);
  const consistent = consistentInput(operation, ctx);
  const base = consistent ? fc.oneof(fromModel, consistent) : fromModel;
  const paths = memberPaths(inputShape);
  // Mostly one mutation, so its effect is not hidden behind another's earlier error; some inputs go unbroken.
  const mutations =
    variant === 'invalid-utf8'
      ? invalidUtf8Mutation(paths).map((m) => [m])
      : fc.oneof(
          { weight: 2, arbitrary: fc.constant<Mutation[]>([]) },
          { weight: 5, arbitrary: fc.array(mutation(inputShape, paths, ctx), { minLength: 1, maxLength: 1 }) },
          { weight: 2, arbitrary: fc.array(mutation(inputShape, paths, ctx), { minLength: 2, maxLength: 3 }) },
        );
  const arbitrary = fc.tuple(base, mutations).map(([input, applied]): KmsCase => {
    const mutated = applied.reduce<unknown>((value, m) => applyMutation(value, m), input);
    return describe({ kind: 'kms', operation, caller, region, input: mutated, mutations: applied });
  });
  cache.set(cacheKey, arbitrary);
  return arbitrary;
}

export function kmsCase(fixture: FuzzFixture, variant: CaseVariant = 'mutated'): fc.Arbitrary<KmsCase> {
  const caller = fc.oneof(
    { weight: 12, arbitrary: fc.constant<CallerName>('admin') },
    { weight: 1, arbitrary: fc.constantFrom<CallerName>('alice', 'bob', 'carol', 'rootA') },
  );
  const region = fc.oneof({ weight: 12, arbitrary: fc.constant('us-east-1') }, { weight: 3, arbitrary: fc.constant('cn-north-1') }, { weight: 1, arbitrary: fc.constantFrom('us-west-2', 'eu-west-1') });
  return fc.tuple(fc.constantFrom(...operationNames), caller, region).chain(([operation, who, where]) => operationCase(fixture, variant, operation, who, where));
}

export function kmsHttpCase(c: KmsCase): HttpCase {
  return {
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `TrentService.${c.operation}` },
    body: encodeJson(c.input),
    sign: { credentials: CALLERS[c.caller], region: c.region, service: 'kms', signingDate: new Date() },
  };
}

/** Long bodies (1 MiB of nesting) print as their start and length, so a counterexample stays readable. */
function describe(c: KmsCase): KmsCase {
  Object.defineProperty(c, fc.toStringMethod, {
    enumerable: false,
    value: () => {
      const body = encodeJson(c.input).toString('utf8');
      const shown = body.length > 600 ? `${body.slice(0, 600)}… (${body.length} characters)` : body;
      return `${c.operation} as ${c.caller} in ${c.region} [${c.mutations.map((m) => m.label).join('; ') || 'no mutation'}] body ${shown}`;
    },
  });
  return c;
}
