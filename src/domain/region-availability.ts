// What AWS offers only in some Regions: SM2 and SM2PKE exist only in the China Regions, and the RSA_AES_KEY_WRAP_*
// wrapping algorithms everywhere but there (docs/kms-behaviour.md 2.2, 3.6, 4.2).

import { UnsupportedOperationException } from '../api/errors.js';
import { partitionOf } from './identifiers.js';

/** The request parameters whose values depend on the Region. */
export type RegionalParameter = 'KeySpec' | 'KeyPairSpec' | 'WrappingKeySpec' | 'WrappingAlgorithm';

const CHINA_ONLY = new Set(['SM2', 'SM2PKE']);
const NOT_IN_CHINA = new Set(['RSA_AES_KEY_WRAP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256']);

/** cn-north-1 (Beijing) and cn-northwest-1 (Ningxia): the Regions of the aws-cn partition. */
export function isChinaRegion(region: string): boolean {
  return partitionOf(region) === 'aws-cn';
}

/**
 * Refuses a parameter value the Region does not offer, with the text AWS answers for `KeySpec SM2` in us-east-1
 * (UnsupportedOperationException `KeySpec SM2 is not supported in this Region`); the other parameters follow its pattern.
 */
export function assertAvailableInRegion(region: string, parameter: RegionalParameter, value: string): void {
  const china = isChinaRegion(region);
  if ((CHINA_ONLY.has(value) && !china) || (NOT_IN_CHINA.has(value) && china)) {
    throw new UnsupportedOperationException(`${parameter} ${value} is not supported in this Region`);
  }
}
