// Says when the vendored KMS model (model/kms/service-2.json) is older than the one the installed AWS SDK for
// JavaScript was generated from. Offline: @aws-sdk/client-kms carries its model as code (one Command per operation,
// the enums as objects, every structure's member names in dist-es/schemas/schemas_0.js), so each operation, enum value
// and structure member the SDK knows must be in the vendored model. The SDK may lag behind the newest model, never
// lead it: when this fails, replace model/kms/ with the newest official copy and run `npm run generate`.
// (The vendored model may be newer than the installed SDK; that passes.)
//
// KNOWN_NEWER lists what the installed SDK knows and the vendored model does not yet, on purpose: the ML-KEM release
// (Encapsulate, Decapsulate, key specs ML_KEM_*), not built in openkms (docs/differences-from-aws.md). Anything else
// fails; so does an entry of the list that the model has caught up with, so that the list stays true.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as sdk from '@aws-sdk/client-kms';

interface ModelShape {
  type: string;
  enum?: string[];
  members?: Record<string, unknown>;
}
const model = JSON.parse(readFileSync(new URL('../../model/kms/service-2.json', import.meta.url), 'utf8')) as {
  operations: Record<string, unknown>;
  shapes: Record<string, ModelShape>;
};

const require = createRequire(import.meta.url);
const sdkDir = dirname(dirname(require.resolve('@aws-sdk/client-kms')));
const sdkVersion = (JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')) as { version: string }).version;
const KNOWN_NEWER = new Set([
  'Decapsulate', 'Encapsulate', 'DecapsulateRequest', 'DecapsulateResponse', 'EncapsulateRequest', 'EncapsulateResponse',
  'DataKeyPairSpec.ML_KEM_512', 'DataKeyPairSpec.ML_KEM_768', 'DataKeyPairSpec.ML_KEM_1024',
  'KeySpec.ML_KEM_512', 'KeySpec.ML_KEM_768', 'KeySpec.ML_KEM_1024', 'KeyUsageType.ENCAPSULATE_DECAPSULATE',
  'GrantOperation.Decapsulate', 'GrantOperation.Encapsulate',
  'KeyLastUsageTrackingOperation.Decapsulate', 'KeyLastUsageTrackingOperation.Encapsulate',
  'GetPublicKeyResponse.EncapsulationAlgorithms', 'KeyMetadata.EncapsulationAlgorithms',
]);
const seenKnown = new Set<string>();

/** What the SDK has and the model lacks, less the known gap (noted as seen). */
function unexpected(missing: readonly string[]): string[] {
  for (const name of missing) if (KNOWN_NEWER.has(name)) seenKnown.add(name);
  return missing.filter((name) => !KNOWN_NEWER.has(name));
}

const update = `@aws-sdk/client-kms ${sdkVersion} knows a newer KMS model than model/kms/service-2.json: replace model/kms/ with the newest official copy and run npm run generate.`;

test('every operation of the SDK is in the vendored model', () => {
  const sdkOperations = Object.keys(sdk).filter((name) => /^[A-Z]\w*Command$/.test(name)).map((name) => name.slice(0, -'Command'.length));
  assert.ok(sdkOperations.length >= 50, 'the SDK exports its commands');
  const missing = sdkOperations.filter((name) => !(name in model.operations));
  assert.deepEqual(unexpected(missing), [], update);
});

test('every enum value of the SDK is in the vendored model', () => {
  const missing: string[] = [];
  let compared = 0;
  for (const [name, shape] of Object.entries(model.shapes)) {
    const sdkEnum = (sdk as Record<string, unknown>)[name];
    if (!shape.enum || typeof sdkEnum !== 'object' || sdkEnum === null) continue;
    compared++;
    for (const value of Object.values(sdkEnum as Record<string, string>)) {
      if (!shape.enum.includes(value)) missing.push(`${name}.${value}`);
    }
  }
  assert.ok(compared >= 20, `only ${compared} enums compared`);
  assert.deepEqual(unexpected(missing), [], update);
});

test('every structure member of the SDK is in the vendored model', () => {
  const schemas = readFileSync(join(sdkDir, 'dist-es', 'schemas', 'schemas_0.js'), 'utf8');
  // `const _KI = "KeyId";` names every string the schema uses; a structure is `export var X$ = [3, n0, _X, 0, [members], ...`.
  const names = new Map([...schemas.matchAll(/^const (_\w+) = "([^"]*)";$/gm)].map((match) => [match[1]!, match[2]!]));
  const structures = [...schemas.matchAll(/^export var (\w+)\$ = \[3, n0, (_\w+),\s*[^,]+,\s*\[([^\]]*)\]/gm)];
  assert.ok(structures.length >= 100, `only ${structures.length} structures read from the SDK's schema`);
  const missing: string[] = [];
  for (const [, , nameRef, memberRefs] of structures) {
    const name = names.get(nameRef!)!;
    const shape = model.shapes[name];
    if (!shape) {
      missing.push(name);
      continue;
    }
    for (const ref of memberRefs!.split(',').map((part) => part.trim()).filter(Boolean)) {
      const member = names.get(ref) ?? ref;
      if (!(member in (shape.members ?? {}))) missing.push(`${name}.${member}`);
    }
  }
  assert.deepEqual(unexpected(missing), [], update);
});

test('the known gap is still a gap (remove from KNOWN_NEWER what the vendored model now has)', () => {
  assert.deepEqual([...KNOWN_NEWER].filter((name) => !seenKnown.has(name)), []);
});
