// Writes a request body as bytes: ordinary JSON, plus what JSON.stringify cannot write — raw tokens (numbers such as
// 1e400, 10,000 levels of nesting, duplicate members) and raw bytes inside a string (invalid UTF-8).

/** Text written as is where a JSON value goes. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** Bytes written as is between the quotes of a JSON string. */
export class RawStringBytes {
  constructor(readonly bytes: Buffer) {}
}

/** An object written member by member, so the same name may appear twice (JSON.parse keeps the last one). */
export class Members {
  constructor(readonly entries: readonly (readonly [string, unknown])[]) {}
}

export type JsonLike = unknown;

export function encodeJson(value: JsonLike): Buffer {
  const parts: Buffer[] = [];
  write(value, parts);
  return Buffer.concat(parts);
}

function write(value: JsonLike, parts: Buffer[]): void {
  if (value instanceof RawJson) {
    parts.push(Buffer.from(value.text));
  } else if (value instanceof RawStringBytes) {
    parts.push(Buffer.from('"'), value.bytes, Buffer.from('"'));
  } else if (value instanceof Members) {
    writeEntries(value.entries, parts);
  } else if (Array.isArray(value)) {
    parts.push(Buffer.from('['));
    value.forEach((element, i) => {
      if (i > 0) parts.push(Buffer.from(','));
      write(element, parts);
    });
    parts.push(Buffer.from(']'));
  } else if (typeof value === 'object' && value !== null) {
    writeEntries(Object.entries(value), parts);
  } else {
    // undefined (a member left out) never reaches here; NaN and Infinity would become null, as JSON.stringify writes them.
    parts.push(Buffer.from(JSON.stringify(value) ?? 'null'));
  }
}

function writeEntries(entries: readonly (readonly [string, unknown])[], parts: Buffer[]): void {
  parts.push(Buffer.from('{'));
  let first = true;
  for (const [name, member] of entries) {
    if (member === undefined) continue;
    if (!first) parts.push(Buffer.from(','));
    first = false;
    parts.push(Buffer.from(JSON.stringify(name) + ':'));
    write(member, parts);
  }
  parts.push(Buffer.from('}'));
}

/** True if the bytes are well-formed UTF-8 (what a JSON body must be: RFC 8259 section 8.1). */
export function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
