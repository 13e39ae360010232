// The AAD each stored secret is sealed with: what it belongs to (for key material: the key ARN and the key material
// id), so a sealed blob moved to another row fails to open.

export function keyMaterialAad(keyArn: string, keyMaterialId: string): string {
  return `openkms:key-material:${keyArn}:${keyMaterialId}`;
}

export function accessKeyAad(accessKeyId: string): string {
  return `openkms:access-key:${accessKeyId}`;
}
