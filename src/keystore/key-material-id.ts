// How a key names its key material: the same id for the same bytes in the same key, whether openkms generated them,
// a caller imported them or a seed file declared them.

import { createHmac } from 'node:crypto';

/**
 * Key material ids are 64 lowercase hex chars (kms-behaviour.md section 0), derived from the key id and the material,
 * so re-importing the same bytes into the same key yields the same id. The HMAC keyed by the material reveals nothing of it.
 */
export function keyMaterialIdOf(keyId: string, material: Buffer): string {
  return createHmac('sha256', material).update(`openkms key material id\0${keyId}`).digest('hex');
}
