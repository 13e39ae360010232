// The proxy calls of external key stores that are not cryptography: the health check of CreateCustomKeyStore,
// UpdateCustomKeyStore and ConnectCustomKeyStore, GetKeyMetadata for CreateKey, and the asynchronous connection that
// ConnectCustomKeyStore starts (CONNECTING, then CONNECTED or FAILED with a ConnectionErrorCode). A connection that a
// restart interrupted is resumed at start (`resumeConnecting`), so no store stays CONNECTING.

import { randomUUID } from 'node:crypto';
import type { CustomKeyStoreRecord } from '../../domain/custom-key-store.js';
import type { Scope } from '../../domain/identifiers.js';
import type { Store } from '../../storage/repository.js';
import { XksCallError } from '../../xks/client/xks-call-error.js';
import type { XksKeyMetadata, XksRequestMetadata } from '../../xks/client/xks-messages.js';
import type { XksProxyClient } from '../../xks/client/xks-proxy-client.js';
import { connectionErrorCodeOf } from './connection-error-code.js';
import { xksEndpointOf } from './external-key-store.js';

export class XksConnections {
  readonly #running = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly client: XksProxyClient,
    private readonly logError: (message: string, error: unknown) => void = () => undefined,
  ) {}

  /**
   * The proxy answers its health check and at least one key manager can serve.
   * @throws XksCallError otherwise (kind `unhealthy` when every key manager is UNAVAILABLE).
   */
  async healthCheck(record: CustomKeyStoreRecord, kmsOperation: string, kmsRequestId: string): Promise<void> {
    const health = await this.client.health(xksEndpointOf(record), { kmsOperation, kmsRequestId });
    if (health.allUnavailable) throw new XksCallError({ kind: 'unhealthy' }, 'every external key manager is UNAVAILABLE');
  }

  getKeyMetadata(record: CustomKeyStoreRecord, xksKeyId: string, metadata: XksRequestMetadata): Promise<XksKeyMetadata> {
    return this.client.getKeyMetadata(xksEndpointOf(record), xksKeyId, metadata);
  }

  /** Starts the health check of a store ConnectCustomKeyStore left CONNECTING; its outcome is written when it ends. */
  connect(scope: Scope, customKeyStoreId: string, kmsRequestId: string): void {
    const run = this.#connect(scope, customKeyStoreId, kmsRequestId).catch((error) => this.logError(`connecting ${customKeyStoreId}`, error));
    this.#running.add(run);
    void run.finally(() => this.#running.delete(run));
  }

  /** Stores left CONNECTING by a stop are connected again, as a Connect after an outage would. */
  async resumeConnecting(): Promise<void> {
    for (const record of await this.store.customKeyStoresInState('CONNECTING')) this.connect(record, record.customKeyStoreId, randomUUID());
  }

  /** Waits for the connections under way (tests, and the server before it closes storage). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  close(): void {
    this.client.close();
  }

  async #connect(scope: Scope, customKeyStoreId: string, kmsRequestId: string): Promise<void> {
    const record = await this.store.getCustomKeyStore(scope, customKeyStoreId);
    if (!record || record.connectionState !== 'CONNECTING') return;
    let outcome: Pick<CustomKeyStoreRecord, 'connectionState' | 'connectionErrorCode'>;
    try {
      await this.healthCheck(record, 'ConnectCustomKeyStore', kmsRequestId);
      outcome = { connectionState: 'CONNECTED' };
    } catch (error) {
      if (!(error instanceof XksCallError)) this.logError(`health check of ${customKeyStoreId}`, error);
      outcome = { connectionState: 'FAILED', connectionErrorCode: error instanceof XksCallError ? connectionErrorCodeOf(error.failure) : 'INTERNAL_ERROR' };
    }
    // Only a store still CONNECTING takes the outcome: a Disconnect (or a Delete) meanwhile wins.
    await this.store.write(async (tx) => {
      const current = await tx.getCustomKeyStore(scope, customKeyStoreId);
      if (!current || current.connectionState !== 'CONNECTING') return;
      const next: CustomKeyStoreRecord = { ...current, connectionState: outcome.connectionState };
      delete next.connectionErrorCode;
      if (outcome.connectionErrorCode) next.connectionErrorCode = outcome.connectionErrorCode;
      await tx.putCustomKeyStore(next);
    });
  }
}
