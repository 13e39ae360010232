// New access key pairs in AWS's format: 20-character ids (AKIA… for long-term keys, ASIA… for temporary ones) and
// 40-character secrets, from the CSPRNG.

import { randomBytes, randomInt } from 'node:crypto';

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function newAccessKeyId(prefix: 'AKIA' | 'ASIA' = 'AKIA'): string {
  let id = prefix;
  while (id.length < 20) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64').replace(/\+/g, 'x').replace(/\//g, 'y');
}

/** Unique ids of IAM principals: AIDA (users), AROA (roles), 21 characters. */
export function newPrincipalId(prefix: 'AIDA' | 'AROA' | 'ANPA'): string {
  let id = prefix;
  while (id.length < 21) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}
