// The AAD each stored secret is sealed with: what it belongs to (for key material: the key ARN and the key material
// id), so a sealed blob moved to another row fails to open.

export function keyMaterialAad(keyArn: string, keyMaterialId: string): string {
  return `openkms:key-material:${keyArn}:${keyMaterialId}`;
}

export function accessKeyAad(accessKeyId: string): string {
  return `openkms:access-key:${accessKeyId}`;
}

/** An external key store's proxy secret belongs to the store and to the access key id it goes with. */
export function xksCredentialAad(accountId: string, region: string, customKeyStoreId: string, accessKeyId: string): string {
  return `openkms:xks-credential:${accountId}:${region}:${customKeyStoreId}:${accessKeyId}`;
}
