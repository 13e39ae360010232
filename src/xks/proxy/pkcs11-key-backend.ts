// The PKCS#11 backend: AES-256-GCM on the token through a pool of logged-in sessions (pkcs11-session-pool.ts), with
// the async C_EncryptAsync/C_DecryptAsync calls so the proxy keeps serving while the token works. Key handles are
// found by label and cached until a reload or a re-initialization of the module. Errors as the spec wants them: a tag
// that does not verify (CKR_GENERAL_ERROR on SoftHSM2, CKR_ENCRYPTED_DATA_INVALID elsewhere) is a bad ciphertext and
// keeps the session; CKR_KEY_FUNCTION_NOT_PERMITTED is the key's usage; device errors are 'unavailable'.

import { zeroize } from '../../crypto/zeroize.js';
import { KeyBackendError, type ExternalKey, type KeyBackend, type KeyUse } from './key-backend.js';
import { join } from 'node:path';
import { DISABLED_FILE, ensureHealthKey, findTokenKeys, gcmMechanism, HEALTH_KEY_LABEL, readDisabledLabels, type TokenKey } from './pkcs11-keys.js';
import { pkcs11Code, Pkcs11SessionPool, type Pkcs11Settings } from './pkcs11-session-pool.js';
import { TAG_BYTES } from './gcm-framing.js';

const BAD_CIPHERTEXT = new Set([
  0x05, // CKR_GENERAL_ERROR: SoftHSM2's answer to a wrong tag or AAD
  0x06, // CKR_FUNCTION_FAILED (nShield)
  0x40, // CKR_ENCRYPTED_DATA_INVALID
  0x41, // CKR_ENCRYPTED_DATA_LEN_RANGE
]);
const CKR_KEY_FUNCTION_NOT_PERMITTED = 0x68;
const STALE_HANDLE = new Set([0x60, 0x82]); // CKR_KEY_HANDLE_INVALID, CKR_OBJECT_HANDLE_INVALID

class TokenExternalKey implements ExternalKey {
  constructor(
    private readonly pool: Pkcs11SessionPool,
    private readonly key: TokenKey,
    readonly enabled: boolean,
    private readonly forget: () => void,
  ) {}

  get id(): string {
    return this.key.label;
  }
  get usage(): ReadonlySet<KeyUse> {
    return this.key.usage;
  }
  get keySpec(): string {
    return this.key.keySpec;
  }

  encrypt(iv: Buffer, plaintext: Buffer, aad: Buffer): Promise<{ ciphertext: Buffer; tag: Buffer }> {
    return this.#run('encrypt', async (module, session) => {
      module.C_EncryptInit(session, gcmMechanism(iv, aad), this.key.handle);
      const out = await module.C_EncryptAsync(session, plaintext, Buffer.alloc(plaintext.length + TAG_BYTES));
      return { ciphertext: Buffer.from(out.subarray(0, plaintext.length)), tag: Buffer.from(out.subarray(plaintext.length)) };
    });
  }

  decrypt(iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: Buffer): Promise<Buffer> {
    return this.#run('decrypt', async (module, session) => {
      module.C_DecryptInit(session, gcmMechanism(iv, aad), this.key.handle);
      const input = Buffer.concat([ciphertext, tag]);
      const out = Buffer.alloc(input.length);
      const plaintext = await module.C_DecryptAsync(session, input, out);
      const copy = Buffer.from(plaintext);
      zeroize(out);
      return copy;
    });
  }

  async #run<T>(operation: 'encrypt' | 'decrypt', work: Parameters<Pkcs11SessionPool['withSession']>[0]): Promise<T> {
    try {
      return (await this.pool.withSession(work)) as T;
    } catch (error) {
      if (error instanceof KeyBackendError) throw error;
      const code = pkcs11Code(error);
      if (operation === 'decrypt' && code !== undefined && BAD_CIPHERTEXT.has(code)) throw new KeyBackendError('bad-ciphertext', (error as Error).message);
      if (code === CKR_KEY_FUNCTION_NOT_PERMITTED) throw new KeyBackendError('key-usage', `the token does not allow ${operation} with ${this.key.label}`);
      if (code !== undefined && STALE_HANDLE.has(code)) this.forget();
      throw new KeyBackendError('unavailable', `${operation} failed on the token: ${(error as Error).message}`);
    }
  }
}

export class Pkcs11KeyBackend implements KeyBackend {
  readonly ekmVendor: string;
  readonly ekmModel: string;
  readonly stateFile: string;
  readonly #pool: Pkcs11SessionPool;
  #keys = new Map<string, { key: TokenKey; generation: number }>();
  #disabled = new Set<string>();

  private constructor(
    private readonly dataDir: string,
    settings: Pkcs11Settings,
  ) {
    this.#pool = new Pkcs11SessionPool(settings);
    this.ekmVendor = 'PKCS#11';
    this.stateFile = join(dataDir, DISABLED_FILE);
    this.ekmModel = `PKCS#11 token ${settings.tokenLabel} (${settings.modulePath})`;
  }

  static async open(dataDir: string, settings: Pkcs11Settings): Promise<Pkcs11KeyBackend> {
    const backend = new Pkcs11KeyBackend(dataDir, settings);
    backend.#pool.open();
    try {
      ensureHealthKey(backend.#pool);
      await backend.reload();
    } catch (error) {
      backend.#pool.close();
      throw error;
    }
    return backend;
  }

  /** The session pool, for the CLI's key commands and for looking at the pool. */
  get sessionPool(): Pkcs11SessionPool {
    return this.#pool;
  }

  async findKey(id: string): Promise<ExternalKey | undefined> {
    if (id === HEALTH_KEY_LABEL) return undefined;
    return this.#lookup(id);
  }

  async healthKey(): Promise<ExternalKey> {
    const key = await this.#lookup(HEALTH_KEY_LABEL);
    if (key === undefined) throw new KeyBackendError('unavailable', 'the health-check key is missing from the token');
    return key;
  }

  async reload(): Promise<void> {
    this.#disabled = readDisabledLabels(this.dataDir);
    this.#keys = new Map();
  }

  async close(): Promise<void> {
    this.#pool.close();
  }

  async #lookup(label: string): Promise<ExternalKey | undefined> {
    let cached = this.#keys.get(label);
    if (cached === undefined || cached.generation !== this.#pool.generation) {
      const found = await this.#pool.withSession((module, session) => findTokenKeys(module, session, label)).catch((error: unknown) => {
        if (error instanceof KeyBackendError) throw error;
        throw new KeyBackendError('unavailable', `key lookup failed: ${(error as Error).message}`);
      });
      // Exactly one key per label: two would make the external key id ambiguous.
      if (found.length !== 1) return undefined;
      cached = { key: found[0]!, generation: this.#pool.generation };
      this.#keys.set(label, cached);
    }
    return new TokenExternalKey(this.#pool, cached.key, !this.#disabled.has(label), () => this.#keys.delete(label));
  }
}
