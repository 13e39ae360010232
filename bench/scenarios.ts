// What the bench measures: each scenario is one signed request replayed against one server. The servers run one at a
// time, in the order of SERVER_ORDER, each started for its own scenarios and stopped before the next starts.

import { randomBytes } from 'node:crypto';
import type { RunningServer } from './servers.js';
import type { FixedRequest } from './signed-request.js';
import { signXks } from './xks-proxy-bench.js';

export type ServerKind =
  | 'bare'
  | 'reference'
  | 'openkms'
  | 'openkms-xks'
  | 'openkms-no-audit'
  | 'openkms-workers'
  | 'openkms-postgres'
  | 'openkms-postgres-two-nodes'
  | 'xks-proxy'
  | 'xks-proxy-softhsm'
  | 'openkms-soak'
  /** Not one server: a new `openkms serve` per start-up run (bench/startup.ts). */
  | 'openkms-startup';

export const SERVER_ORDER: readonly ServerKind[] = [
  'bare',
  'reference',
  'openkms',
  'openkms-xks',
  'openkms-no-audit',
  'openkms-workers',
  'openkms-postgres',
  'openkms-postgres-two-nodes',
  'xks-proxy',
  'xks-proxy-softhsm',
  'openkms-soak',
  'openkms-startup',
];

/** The servers whose store is PostgreSQL: their keys are their own, created on their database. */
export const POSTGRES_SERVERS: ReadonlySet<ServerKind> = new Set(['openkms-postgres', 'openkms-postgres-two-nodes']);

/** The keys created in openkms for the scenarios, and one ciphertext of the Encrypt plaintext for Decrypt. */
export interface BenchKeys {
  symmetric: string;
  eccP256: string;
  rsa2048: string;
  hmac256: string;
  /** A symmetric key of origin EXTERNAL, for GetParametersForImport; undefined on data made before it was created. */
  external?: string;
  /** A key in an external key store on the bench's XKS proxy (encrypt-xks); made when that server first starts. */
  xks?: string;
  /** base64; undefined while Encrypt is not built. */
  ciphertextBlob?: string;
}

export interface Scenario {
  name: string;
  server: ServerKind;
  /** `TrentService.<operation>` */
  operation: string;
  /** The request body; a string instead says why the scenario cannot run (e.g. no ciphertext to decrypt). */
  input(keys: BenchKeys | undefined, payload: Buffer): object | string;
  what: string;
  /** Requests of another operation kept in flight beside wrk during the warm-up and the measured run. */
  background?: {
    operation: string;
    /** As `input`: a string says why the scenario cannot run. */
    input(keys: BenchKeys | undefined): object | string;
    concurrency: number;
  };
  /** Signs the request itself (a server that is no KMS endpoint); a string says why it cannot run. */
  sign?(server: RunningServer, payload: Buffer): Promise<FixedRequest | string>;
}

/** 1 KiB: the message size the targets are stated for. */
export const PAYLOAD_BYTES = 1024;

export function newPayload(): Buffer {
  return randomBytes(PAYLOAD_BYTES);
}

const encryptInput = (keyId: string, payload: Buffer) => ({ KeyId: keyId, Plaintext: payload.toString('base64') });

/** Beside the 1 KiB payload: a small one (per-request overhead dominates) and 4 KiB, the most Encrypt accepts. */
export const PAYLOAD_SIZES = [
  { suffix: '64b', bytes: 64, label: '64 B' },
  { suffix: '4k', bytes: 4096, label: '4 KiB' },
] as const;
const sizedPayloads = new Map<string, Buffer>(PAYLOAD_SIZES.map((size) => [size.suffix, randomBytes(size.bytes)]));
const sized = (suffix: string) => sizedPayloads.get(suffix)!;

function needKeys(keys: BenchKeys | undefined): BenchKeys {
  if (keys === undefined) throw new Error('openkms scenarios need the bench keys');
  return keys;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'bare',
    server: 'bare',
    operation: 'Encrypt',
    input: (_keys, payload) => encryptInput('bare', payload),
    what: 'bare node:http server answering a fixed body to the same signed Encrypt request (the ceiling)',
  },
  {
    name: 'reference',
    server: 'reference',
    operation: 'Encrypt',
    input: (_keys, payload) => encryptInput('reference', payload),
    what: 'minimal ideal server: SigV4 verification + AES-256-GCM of the 1 KiB Plaintext, nothing else',
  },
  ...PAYLOAD_SIZES.map((size): Scenario => ({
    name: `reference-${size.suffix}`,
    server: 'reference',
    operation: 'Encrypt',
    input: () => encryptInput('reference', sized(size.suffix)),
    what: `the reference server as above, ${size.label} Plaintext`,
  })),
  {
    name: 'encrypt',
    server: 'openkms',
    operation: 'Encrypt',
    input: (keys, payload) => encryptInput(needKeys(keys).symmetric, payload),
    what: 'Encrypt, 1 KiB Plaintext, SYMMETRIC_DEFAULT key by key id, audit on',
  },
  ...PAYLOAD_SIZES.map((size): Scenario => ({
    name: `encrypt-${size.suffix}`,
    server: 'openkms',
    operation: 'Encrypt',
    input: (keys) => encryptInput(needKeys(keys).symmetric, sized(size.suffix)),
    what: `Encrypt as above, ${size.label} Plaintext`,
  })),
  {
    name: 'decrypt',
    server: 'openkms',
    operation: 'Decrypt',
    input: (keys) => needKeys(keys).ciphertextBlob === undefined
      ? 'no CiphertextBlob: Encrypt did not answer 200 when the keys were created'
      : { CiphertextBlob: needKeys(keys).ciphertextBlob },
    what: 'Decrypt of a 1 KiB Plaintext\'s CiphertextBlob (no KeyId, as most callers send it), audit on',
  },
  {
    name: 'generate-data-key',
    server: 'openkms',
    operation: 'GenerateDataKey',
    input: (keys) => ({ KeyId: needKeys(keys).symmetric, NumberOfBytes: PAYLOAD_BYTES }),
    what: 'GenerateDataKey, NumberOfBytes 1024 (1 KiB, the largest AWS allows), audit on',
  },
  {
    name: 'sign-ecc-p256',
    server: 'openkms',
    operation: 'Sign',
    input: (keys, payload) => ({ KeyId: needKeys(keys).eccP256, Message: payload.toString('base64'), MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
    what: 'Sign, ECC_NIST_P256, ECDSA_SHA_256, 1 KiB RAW message, audit on',
  },
  {
    name: 'sign-rsa-2048',
    server: 'openkms',
    operation: 'Sign',
    input: (keys, payload) => ({ KeyId: needKeys(keys).rsa2048, Message: payload.toString('base64'), MessageType: 'RAW', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' }),
    what: 'Sign, RSA_2048, RSASSA_PKCS1_V1_5_SHA_256, 1 KiB RAW message, audit on',
  },
  {
    name: 'sign-rsa-2048-keygen',
    server: 'openkms',
    operation: 'Sign',
    input: (keys, payload) => ({ KeyId: needKeys(keys).rsa2048, Message: payload.toString('base64'), MessageType: 'RAW', SigningAlgorithm: 'RSASSA_PKCS1_V1_5_SHA_256' }),
    background: {
      operation: 'GetParametersForImport',
      input: (keys) => needKeys(keys).external === undefined
        ? 'no EXTERNAL key in this data directory'
        : { KeyId: needKeys(keys).external, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_4096' },
      concurrency: 16,
    },
    what: 'sign-rsa-2048 while 16 RSA_4096 GetParametersForImport are kept in flight beside wrk (each generates a key pair)',
  },
  {
    name: 'generate-mac',
    server: 'openkms',
    operation: 'GenerateMac',
    input: (keys, payload) => ({ KeyId: needKeys(keys).hmac256, Message: payload.toString('base64'), MacAlgorithm: 'HMAC_SHA_256' }),
    what: 'GenerateMac, HMAC_256, HMAC_SHA_256, 1 KiB message, audit on',
  },
  {
    name: 'encrypt-no-audit',
    server: 'openkms-no-audit',
    operation: 'Encrypt',
    input: (keys, payload) => encryptInput(needKeys(keys).symmetric, payload),
    what: 'Encrypt as above on the same build started with --no-audit (the audit trail\'s cost)',
  },
  {
    name: 'encrypt-xks',
    server: 'openkms-xks',
    operation: 'Encrypt',
    input: (keys, payload) => needKeys(keys).xks === undefined ? 'no key in an external key store (see the bench log)' : encryptInput(needKeys(keys).xks!, payload),
    what: 'Encrypt as above with a key in an external key store: double encryption, one HTTPS call to an XKS proxy (the test proxy, its own process) per request',
  },
  {
    name: 'encrypt-workers',
    server: 'openkms-workers',
    operation: 'Encrypt',
    input: (keys, payload) => encryptInput(needKeys(keys).symmetric, payload),
    what: 'Encrypt as above with `serve --workers N` (N from the bench\'s --workers, default 2)',
  },
  ...(['encrypt', 'decrypt'] as const).flatMap((verb): Scenario[] => [
    {
      name: `xks-proxy-${verb}`,
      server: 'xks-proxy',
      operation: `XKS ${verb}`,
      input: () => ({}),
      sign: (server, payload) => signXks(server, verb, payload),
      what: `openkms xks-proxy alone, sealed key file: XKS ${verb} of 1 KiB${verb === 'encrypt' ? ' with the CDIV and its verifying decrypt' : ''}, plain HTTP`,
    },
    {
      name: `xks-proxy-softhsm-${verb}`,
      server: 'xks-proxy-softhsm',
      operation: `XKS ${verb}`,
      input: () => ({}),
      sign: (server, payload) => signXks(server, verb, payload),
      what: `openkms xks-proxy alone, SoftHSM2 token (4 sessions): XKS ${verb} of 1 KiB${verb === 'encrypt' ? ' with the CDIV' : ''}, plain HTTP`,
    },
  ]),
  {
    name: 'create-key',
    server: 'openkms',
    operation: 'CreateKey',
    input: () => ({}),
    // wrk replays the same signed bytes: CreateKey has no idempotency token, so each replay makes a new key.
    what: 'CreateKey, SYMMETRIC_DEFAULT, audit on (a write transaction per request; each replay of the same request makes a new key, so the key count grows by every request measured)',
  },
  {
    name: 'encrypt-postgres',
    server: 'openkms-postgres',
    operation: 'Encrypt',
    input: (keys, payload) => encryptInput(needKeys(keys).symmetric, payload),
    what: 'Encrypt as `encrypt`, one node on PostgreSQL (--store; the database on this machine, sharing its cores)',
  },
  {
    name: 'create-key-postgres',
    server: 'openkms-postgres',
    operation: 'CreateKey',
    input: () => ({}),
    what: 'CreateKey as `create-key`, one node on PostgreSQL',
  },
  {
    name: 'encrypt-postgres-two-nodes',
    server: 'openkms-postgres-two-nodes',
    operation: 'Encrypt',
    input: (keys, payload) => encryptInput(needKeys(keys).symmetric, payload),
    what: 'Encrypt on two nodes on one PostgreSQL database (two processes, each its own store, balanced by `--workers 2`)',
  },
  {
    name: 'create-key-postgres-two-nodes',
    server: 'openkms-postgres-two-nodes',
    operation: 'CreateKey',
    input: () => ({}),
    what: 'CreateKey on two nodes on one PostgreSQL database',
  },
  {
    name: 'startup-fresh',
    server: 'openkms-startup',
    operation: 'ListKeys',
    input: () => ({}),
    what: 'start-up: spawn of `node dist/cli/main.js serve` on a new empty data directory to the first 200 to a signed ListKeys (--startup-runs runs)',
  },
  {
    name: 'startup-with-keys',
    server: 'openkms-startup',
    operation: 'ListKeys',
    input: () => ({}),
    what: 'start-up as above on a data directory that already holds the bench keys',
  },
  {
    name: 'soak',
    server: 'openkms-soak',
    operation: 'Encrypt',
    input: (keys, payload) => encryptInput(needKeys(keys).symmetric, payload),
    what: 'Encrypt for 60 s (--soak) on a fresh server process; its RSS after warm-up and after the run',
  },
];

export const DEFAULT_SCENARIOS = SCENARIOS.filter((scenario) => scenario.name !== 'soak').map((scenario) => scenario.name);

/**
 * One round: each server that has a selected scenario, once, in SERVER_ORDER, with its scenarios in SCENARIOS order.
 * Rounds repeat this plan, so with --alternate the two sides of each target alternate: reference, openkms,
 * openkms --no-audit, openkms --workers, then again.
 */
export function roundPlan(selected: readonly Scenario[]): [ServerKind, Scenario[]][] {
  return SERVER_ORDER
    .map((kind): [ServerKind, Scenario[]] => [kind, SCENARIOS.filter((scenario) => scenario.server === kind && selected.includes(scenario))])
    .filter(([, scenarios]) => scenarios.length > 0);
}
