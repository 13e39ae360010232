// The hooks jobs and rotations call inside their transactions, turned into service events in the audit trail:
// DeleteKey when a deletion window ends, RotateKey after every completed rotation, DeleteExpiredKeyMaterial (9.3).

import { keyArn, type Scope } from '../domain/identifiers.js';
import type { KeyRotationListener } from '../domain/key-rotation.js';
import type { StoreWriter } from '../storage/repository.js';
import type { AuditSink } from './audit-sink.js';

/** For deleteKeyJob: the key named by the job was just deleted for good. */
export function deletedKeyListener(audit: AuditSink) {
  return (job: Scope & { keyId: string }, tx: StoreWriter, now: Date): Promise<void> => {
    const arn = keyArn(job, job.keyId);
    return audit.appendServiceEvent(tx, {
      eventName: 'DeleteKey',
      eventTime: now,
      key: { accountId: job.accountId, region: job.region, arn },
      responseElements: { keyId: arn },
    });
  };
}

/** For rotateKeyJob and RotateKeyOnDemand (a KeyRotationListener): one RotateKey event per completed rotation. */
export function keyRotationListener(audit: AuditSink): KeyRotationListener<StoreWriter> {
  return (key, previousKeyMaterialId, currentKeyMaterialId, rotationType, tx, rotationDate) => {
    const details: Record<string, unknown> = { rotationType, keyOrigin: key.origin };
    if (previousKeyMaterialId !== undefined) details.previousKeyMaterialId = previousKeyMaterialId;
    details.currentKeyMaterialId = currentKeyMaterialId;
    details.keyId = key.arn;
    return audit.appendServiceEvent(tx, {
      eventName: 'RotateKey',
      eventTime: rotationDate,
      key: { accountId: key.accountId, region: key.region, arn: key.arn },
      serviceEventDetails: details,
    });
  };
}

/** For the key material expiry job: imported material reached its ValidTo and was deleted. */
export function expiredKeyMaterialListener(audit: AuditSink) {
  return (key: Scope & { keyId: string }, keyMaterialId: string, tx: StoreWriter, now: Date): Promise<void> => {
    const arn = keyArn(key, key.keyId);
    return audit.appendServiceEvent(tx, {
      eventName: 'DeleteExpiredKeyMaterial',
      eventTime: now,
      key: { accountId: key.accountId, region: key.region, arn },
      serviceEventDetails: { keyId: arn, keyMaterialId },
    });
  };
}
