// node:crypto's own signing rate, single thread, in-process, no HTTP: the cost of the signature itself, which bounds
// what a one-process server can answer for Sign.

import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface RawSignRate {
  name: string;
  signaturesPerSecond: number;
}

function rate(privateKey: KeyObject, message: Buffer, seconds: number): number {
  // Warm the key's OpenSSL context first: the first signature pays for setup the server pays only once too.
  for (let i = 0; i < 20; i++) sign('sha256', message, privateKey);
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let count = 0;
  while (performance.now() < deadline) {
    // Batches keep the clock reads out of the measurement.
    for (let i = 0; i < 20; i++) sign('sha256', message, privateKey);
    count += 20;
  }
  return count / ((performance.now() - started) / 1000);
}

/** ECDSA_SHA_256 with P-256 and RSASSA_PKCS1_V1_5_SHA_256 with RSA-2048 over `message`, `seconds` each. */
export function rawSignRates(message: Buffer, seconds = 2): RawSignRate[] {
  const ecc = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return [
    { name: 'ECDSA P-256 (ECDSA_SHA_256)', signaturesPerSecond: rate(ecc, message, seconds) },
    { name: 'RSA-2048 (RSASSA_PKCS1_V1_5_SHA_256)', signaturesPerSecond: rate(rsa, message, seconds) },
  ];
}
