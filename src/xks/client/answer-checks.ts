// Checks of what a proxy answered, before openkms uses any of it: a JSON object, the fields each API requires, in
// standard base64, with the lengths the spec allows (IV 12 or 16 bytes, tag 16, metadata at most 20, ciphertext as
// long as the plaintext). Anything else is an invalid response, which AWS reports as "cannot interpret".

import { createHash } from 'node:crypto';
import { invalidResponse } from './xks-call-error.js';
import type { XksEncryptResult, XksHealth, XksKeyMetadata } from './xks-messages.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidResponse('the answer is not a JSON object');
  return body as Record<string, unknown>;
}

export function base64Field(body: Record<string, unknown>, name: string, optional = false): Buffer | undefined {
  const value = body[name];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || !BASE64.test(value)) throw invalidResponse(`${name} is missing or not base64`);
  return Buffer.from(value, 'base64');
}

function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string') throw invalidResponse(`${name} is missing or not a string`);
  return value;
}

export function checkHealth(answer: unknown): XksHealth {
  const body = asObject(answer);
  const fleetSize = body.xksProxyFleetSize;
  if (typeof fleetSize !== 'number' || !Number.isInteger(fleetSize) || fleetSize < 1) throw invalidResponse('xksProxyFleetSize');
  for (const name of ['xksProxyVendor', 'xksProxyModel', 'ekmVendor']) stringField(body, name);
  const fleet = body.ekmFleetDetails;
  if (!Array.isArray(fleet) || fleet.length < 1 || fleet.length > 10) throw invalidResponse('ekmFleetDetails');
  const statuses = fleet.map((entry) => {
    const instance = asObject(entry);
    stringField(instance, 'id');
    stringField(instance, 'model');
    const status = stringField(instance, 'healthStatus');
    if (!['ACTIVE', 'DEGRADED', 'UNAVAILABLE'].includes(status)) throw invalidResponse('ekmFleetDetails[].healthStatus');
    return status;
  });
  return { allUnavailable: statuses.every((status) => status === 'UNAVAILABLE') };
}

export function checkKeyMetadata(answer: unknown): XksKeyMetadata {
  const body = asObject(answer);
  const keySpec = stringField(body, 'keySpec');
  const keyStatus = stringField(body, 'keyStatus');
  const keyUsage = body.keyUsage;
  if (!Array.isArray(keyUsage) || keyUsage.length > 10 || !keyUsage.every((usage) => typeof usage === 'string')) {
    throw invalidResponse('keyUsage');
  }
  return { keySpec, keyStatus, keyUsage: keyUsage as string[] };
}

export function checkEncryptAnswer(answer: unknown, plaintextLength: number): { result: XksEncryptResult; cdiv: Buffer } {
  const body = asObject(answer);
  const ciphertext = base64Field(body, 'ciphertext')!;
  const initializationVector = base64Field(body, 'initializationVector')!;
  const authenticationTag = base64Field(body, 'authenticationTag')!;
  const ciphertextMetadata = base64Field(body, 'ciphertextMetadata', true);
  const cdiv = base64Field(body, 'ciphertextDataIntegrityValue')!;
  if (ciphertext.length !== plaintextLength) throw invalidResponse('the ciphertext is not as long as the plaintext');
  if (initializationVector.length !== 12 && initializationVector.length !== 16) throw invalidResponse('initializationVector length');
  if (authenticationTag.length !== 16) throw invalidResponse('authenticationTag length');
  if (ciphertextMetadata && ciphertextMetadata.length > 20) throw invalidResponse('ciphertextMetadata longer than 20 bytes');
  if (cdiv.length !== 32) throw invalidResponse('ciphertextDataIntegrityValue length');
  const result: XksEncryptResult = { ciphertext, initializationVector, authenticationTag };
  if (ciphertextMetadata && ciphertextMetadata.length > 0) result.ciphertextMetadata = ciphertextMetadata;
  return { result, cdiv };
}

export function checkDecryptAnswer(answer: unknown, ciphertextLength: number): Buffer {
  const plaintext = base64Field(asObject(answer), 'plaintext')!;
  if (plaintext.length !== ciphertextLength) {
    plaintext.fill(0);
    throw invalidResponse('the plaintext is not as long as the ciphertext');
  }
  return plaintext;
}

/** SHA-256(AAD ‖ ciphertextMetadata ‖ IV ‖ ciphertext ‖ tag), no length prefixes (XKS Proxy API 5.5). */
export function ciphertextDataIntegrityValue(aad: Buffer, result: XksEncryptResult): Buffer {
  return createHash('sha256')
    .update(aad)
    .update(result.ciphertextMetadata ?? Buffer.alloc(0))
    .update(result.initializationVector)
    .update(result.ciphertext)
    .update(result.authenticationTag)
    .digest();
}
