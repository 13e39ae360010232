// Import tokens (GetParametersForImport → ImportKeyMaterial): the wrapping private key and what it is bound to, sealed
// with AES-256-GCM under a key derived from the root key, so a token needs no table and cannot be forged or altered.

import { hkdfSync } from 'node:crypto';
import type { AlgorithmSpec, WrappingKeySpec } from '../api/model.generated.js';
import { Sealer, SealError } from './sealer.js';

/** What a token is bound to (docs/kms-behaviour.md 4.2, 4.5): the key, the wrapping parameters, the expiry, the import epoch. */
export interface ImportTokenClaims {
  accountId: string;
  region: string;
  keyId: string;
  wrappingAlgorithm: AlgorithmSpec;
  wrappingKeySpec: WrappingKeySpec;
  /** ParametersValidTo: after it the token is expired. */
  parametersValidTo: Date;
  /** The key's import epoch when the token was issued; each successful import moves it on, so a used token is spent. */
  importEpoch: number;
}

export interface OpenedImportToken {
  claims: ImportTokenClaims;
  /** DER PKCS#8 of the wrapping private key; the caller zeroizes it after use. */
  wrappingPrivateKeyPkcs8: Buffer;
}

/** A token that was not made by this server (under this root key), or was altered: garbage to us. */
export class ImportTokenError extends Error {
  override readonly name = 'ImportTokenError';
  constructor() {
    super('The import token is not valid.');
  }
}

const AAD = 'openkms:import-token:v1';
const FORMAT = 1;
const HKDF_INFO = 'openkms import token key v1';

export class ImportTokenService {
  readonly #sealer: Sealer;

  constructor(tokenKey: Buffer) {
    this.#sealer = new Sealer(tokenKey);
  }

  /** The token key is derived from the root key (HKDF-SHA256), so tokens stay valid across restarts, as AWS's do for 24 h. */
  static fromRootKey(rootKey: Buffer): ImportTokenService {
    const tokenKey = Buffer.from(hkdfSync('sha256', rootKey, Buffer.alloc(0), HKDF_INFO, 32));
    try {
      return new ImportTokenService(tokenKey);
    } finally {
      tokenKey.fill(0);
    }
  }

  /** format (1) | claims length (2, big-endian) | claims JSON | wrapping private key PKCS#8 — all sealed. */
  issue(claims: ImportTokenClaims, wrappingPrivateKeyPkcs8: Buffer): Buffer {
    const header = Buffer.from(
      JSON.stringify({
        a: claims.accountId,
        r: claims.region,
        k: claims.keyId,
        w: claims.wrappingAlgorithm,
        s: claims.wrappingKeySpec,
        t: claims.parametersValidTo.getTime(),
        e: claims.importEpoch,
      }),
      'utf8',
    );
    const prefix = Buffer.alloc(3);
    prefix[0] = FORMAT;
    prefix.writeUInt16BE(header.length, 1);
    const payload = Buffer.concat([prefix, header, wrappingPrivateKeyPkcs8]);
    try {
      return this.#sealer.seal(payload, AAD);
    } finally {
      payload.fill(0);
    }
  }

  /** @throws ImportTokenError when the token does not open (forged, altered, made under another root key) or is malformed. */
  open(token: Uint8Array): OpenedImportToken {
    let payload: Buffer;
    try {
      payload = this.#sealer.unseal(Buffer.from(token), AAD);
    } catch (error) {
      if (error instanceof SealError) throw new ImportTokenError();
      throw error;
    }
    try {
      if (payload.length < 3 || payload[0] !== FORMAT) throw new ImportTokenError();
      const headerEnd = 3 + payload.readUInt16BE(1);
      const header = JSON.parse(payload.subarray(3, headerEnd).toString('utf8')) as Record<string, unknown>;
      const claims: ImportTokenClaims = {
        accountId: String(header.a),
        region: String(header.r),
        keyId: String(header.k),
        wrappingAlgorithm: header.w as AlgorithmSpec,
        wrappingKeySpec: header.s as WrappingKeySpec,
        parametersValidTo: new Date(Number(header.t)),
        importEpoch: Number(header.e),
      };
      return { claims, wrappingPrivateKeyPkcs8: Buffer.from(payload.subarray(headerEnd)) };
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof RangeError) throw new ImportTokenError();
      throw error;
    } finally {
      payload.fill(0);
    }
  }

  /** Forgets the token key (on shutdown). */
  destroy(): void {
    this.#sealer.destroy();
  }
}
