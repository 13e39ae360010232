// The wrapping key specs and algorithms the import page offers for a key spec, as AWS allows them: RSA private keys
// need RSA_AES_KEY_WRAP (they are larger than one RSA-OAEP block); in the China Regions SM2 wrapping is offered too
// (https://docs.aws.amazon.com/kms/latest/developerguide/importing-keys-get-public-key-and-token.html).

export interface WrappingChoices {
  keySpecs: string[];
  algorithms: string[];
  note?: string;
}

export function wrappingChoices(keySpec: string, region: string): WrappingChoices {
  const china = region.startsWith('cn-');
  const keySpecs = ['RSA_4096', 'RSA_3072', 'RSA_2048', ...(china ? ['SM2'] : [])];
  if (keySpec.startsWith('RSA_')) {
    return { keySpecs, algorithms: china ? ['SM2PKE'] : ['RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1'], note: 'RSA private keys are wrapped with an AES key (RSA_AES_KEY_WRAP).' };
  }
  const oaep = ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'];
  return { keySpecs, algorithms: china ? [...oaep, 'SM2PKE'] : [...oaep, 'RSA_AES_KEY_WRAP_SHA_256', 'RSA_AES_KEY_WRAP_SHA_1'] };
}
