// The arrows the layout allows (docs/layout.md): each rule names a folder of src/ and what it may or must not import.
// Plain fs and regex over every non-test source file; a failure lists each offending import with its file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { operationNames } from './api/model.generated.js';

const SRC = dirname(fileURLToPath(import.meta.url));

interface Rule {
  /** A folder of src/ (and everything below it); '' for all of src/. */
  from: string;
  /** Files or folders below `from` the rule does not apply to. */
  except?: readonly string[];
  /** Folders it may import; anything else of src/ is forbidden. Mutually exclusive with `forbidden`. */
  onlyTo?: readonly string[];
  forbidden?: readonly string[];
  why: string;
  /** Known offenders, each written `file → target` as a failure lists it, tolerated until the change named beside them. */
  tolerated?: readonly string[];
}

const RULES: readonly Rule[] = [
  { from: 'domain', onlyTo: ['api', 'domain'], why: 'the rules know nothing but the API vocabulary' },
  { from: 'crypto', onlyTo: ['api', 'crypto'], why: 'primitives and formats know nothing of keys, states or storage' },
  { from: 'policy', onlyTo: ['api', 'policy', 'domain'], why: 'policy evaluation is pure: callers pass documents in' },
  { from: 'api', onlyTo: ['api'], why: 'the shared vocabulary imports nothing' },
  { from: 'operations', forbidden: ['storage/sqlite', 'storage/postgres', 'protocol', 'server', 'cli'], why: 'operations use storage interfaces and never see the wire' },
  {
    from: 'operations',
    forbidden: ['keystore/local', 'crypto/symmetric-encryption'],
    why: "symmetric keys are used through their KeyStore (keystore/key-stores.ts), whichever store holds them",
  },
  {
    from: 'authz',
    onlyTo: ['api', 'authz', 'domain', 'policy', 'storage/repository', 'operations/context'],
    why: 'the authorizer implements the port of operations/context.ts with policy/ and storage interfaces',
  },
  { from: 'auth', forbidden: ['operations', 'protocol', 'server', 'cli'], why: 'who the caller is does not depend on what it asks' },
  { from: 'audit', forbidden: ['operations', 'protocol', 'server', 'cli'], why: 'records are built from outcomes, not from operations' },
  { from: 'jobs', forbidden: ['operations', 'protocol', 'server', 'cli'], why: 'jobs call domain and storage, not API handlers' },
  { from: 'sts', forbidden: ['operations', 'protocol', 'server', 'cli'], why: 'STS is its own small service' },
  {
    from: 'iam',
    forbidden: ['operations', 'protocol', 'server', 'cli', 'storage/sqlite', 'storage/postgres'],
    why: 'IAM is its own service on the storage interfaces; the wire is protocol/iam-pipeline.ts',
  },
  { from: 'provision', forbidden: ['protocol', 'server', 'cli'], why: 'accounts, principals and seeded keys are made on the store, not through the wire' },
  { from: 'protocol', forbidden: ['storage/sqlite', 'storage/postgres', 'server', 'cli'], why: 'the wire layer is wired by server/' },
  { from: 'keystore', forbidden: ['operations', 'protocol', 'server', 'cli'], why: 'key stores serve operations, not the reverse' },
  { from: 'keystore', forbidden: ['storage/sqlite', 'storage/postgres'], why: 'the local key store reads material through the storage interfaces' },
  { from: 'storage', forbidden: ['operations', 'protocol', 'server', 'cli', 'auth', 'policy'], why: 'storage holds no business rules' },
  {
    from: '',
    except: ['server/open-storage.ts', 'storage'],
    forbidden: ['storage/sqlite', 'storage/postgres'],
    why: 'only server/open-storage.ts picks a storage backend',
  },
  { from: 'xks/wire.ts', onlyTo: [], why: 'the XKS wire shapes are shared by both ends and import nothing' },
  { from: 'xks/proxy', forbidden: ['operations', 'storage', 'protocol', 'server'], why: 'the proxy runs on crypto/, xks wire shapes and its own key source' },
  { from: 'xks/client', onlyTo: ['xks/client'], why: 'the client of XKS proxies is HTTPS, SigV4 and answer checks: it knows no keys, stores or AWS exceptions' },
  {
    from: 'keystore/external',
    onlyTo: ['api/model.generated', 'crypto', 'domain', 'keystore', 'storage/repository', 'xks/client'],
    why: 'the external key store runs on the local store, the storage interfaces and the XKS client',
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.test-helper.ts') ? [path] : [];
  });
}

/** Relative imports (static, side-effect, `import type`, re-exports and dynamic ones) of a file, as paths below src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from\s+|import\s+|import\s*\(\s*|import\.meta\.resolve\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => relative(SRC, resolve(dirname(file), specifier)).replace(/\.js$/, ''));
}

const within = (path: string, folder: string) => folder === '' || path === folder || path.startsWith(`${folder}/`);

/** Every import a rule forbids, as `file → target`, with the rule it breaks. */
function crossings(): { crossing: string; rule: Rule }[] {
  const found: { crossing: string; rule: Rule }[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file);
    for (const rule of RULES) {
      if (!within(from, rule.from) || rule.except?.some((exception) => within(from, exception))) continue;
      for (const target of importsOf(file)) {
        const allowed = rule.onlyTo ? rule.onlyTo.some((folder) => within(target, folder)) : !rule.forbidden!.some((folder) => within(target, folder));
        if (!allowed) found.push({ crossing: `${from} → ${target}`, rule });
      }
    }
  }
  return found;
}

test('no import crosses an arrow the layout forbids', () => {
  const violations = crossings()
    .filter(({ crossing, rule }) => !rule.tolerated?.includes(crossing))
    .map(({ crossing, rule }) => `${crossing} (${rule.from === '' ? 'src' : rule.from}/: ${rule.why})`);
  assert.deepEqual(violations, []);
});

test('every tolerated crossing still exists: an entry goes once its import does', () => {
  const found = new Set(crossings().map(({ crossing }) => crossing));
  const stale = RULES.flatMap((rule) => (rule.tolerated ?? []).filter((crossing) => !found.has(crossing)));
  assert.deepEqual(stale, []);
});

test('the backend rule sees what it forbids: server/open-storage.ts imports storage/sqlite, and nothing else outside storage/ does', () => {
  const backendImports = sourceFiles(SRC).flatMap((file) => {
    const from = relative(SRC, file);
    return within(from, 'storage') ? [] : importsOf(file).filter((target) => within(target, 'storage/sqlite')).map(() => from);
  });
  assert.deepEqual([...new Set(backendImports)], ['server/open-storage.ts']);
});

test('the scan sees imports: it finds the protocol layer importing the API vocabulary', () => {
  const router = join(SRC, 'protocol', 'router.ts');
  assert.ok(importsOf(router).some((target) => within(target, 'api')), 'protocol/router.ts imports api/');
});

test('AES-GCM blobs are made and opened in keystore/local/ only (and within crypto/ itself)', () => {
  const importers = sourceFiles(SRC)
    .map((file) => relative(SRC, file))
    .filter((from) => importsOf(join(SRC, from)).includes('crypto/symmetric-encryption'))
    .filter((from) => !within(from, 'keystore/local') && !within(from, 'crypto'));
  assert.deepEqual(importers, []);
});

test('operations/ never cast a key handle: asymmetric and HMAC keys ask the local key store for the handle they need', () => {
  const casts = sourceFiles(join(SRC, 'operations')).filter((file) => /\bhandle as\b/.test(readFileSync(file, 'utf8')));
  assert.deepEqual(casts.map((file) => relative(SRC, file)), []);
});

test('operations/ holds one file per API operation, index.ts and context.ts; shared steps live in operations/steps/', () => {
  const kebab = (name: string) => name.replace(/(?<!^)([A-Z])/g, '-$1').toLowerCase();
  const expected = new Set(['index.ts', 'context.ts', ...operationNames.map((name) => `${kebab(name)}.ts`)]);
  const strays = sourceFiles(join(SRC, 'operations'))
    .map((file) => relative(join(SRC, 'operations'), file))
    .filter((name) => !name.includes('/') && !expected.has(name));
  assert.deepEqual(strays, []);
  assert.ok(expected.has('generate-data-key-pair-without-plaintext.ts') && expected.has('re-encrypt.ts'), 'operation names are kebab-cased');
});

/** Every import specifier of the console's sources (console/src and its build config), with the file it is in. */
function consoleImports(): { file: string; specifier: string }[] {
  const consoleDir = join(SRC, '..', 'console');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : files(path);
      return /\.(ts|tsx|js|mjs)$/.test(entry.name) ? [path] : [];
    });
  return files(consoleDir).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => ({ file, specifier: m[1]! })),
  );
}

test('nothing under console/ imports from src/: the console is a client of the public API only', () => {
  const consoleDir = resolve(SRC, '..', 'console');
  const imports = consoleImports();
  const outside = imports
    .filter(({ specifier }) => specifier.startsWith('.'))
    .filter(({ file, specifier }) => !resolve(dirname(file), specifier).startsWith(`${consoleDir}/`))
    .map(({ file, specifier }) => `${relative(consoleDir, file)} → ${specifier}`);
  assert.deepEqual(outside, []);
  assert.ok(imports.some(({ specifier }) => specifier === '@aws-sdk/client-kms'), 'the scan sees the console importing the SDK');
});
