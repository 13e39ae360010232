// Operation output → AWS JSON 1.1: blobs as standard base64, timestamps as epoch seconds with millisecond precision,
// members without a value omitted (docs/kms-behaviour.md 8.2).

export function toWireValue(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWireValue);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, member] of Object.entries(value)) {
      const wire = toWireValue(member);
      if (wire !== undefined) out[name] = wire;
    }
    return out;
  }
  return value;
}

export function serializeOutput(output: object | void): string {
  return JSON.stringify(output === undefined ? {} : toWireValue(output));
}
