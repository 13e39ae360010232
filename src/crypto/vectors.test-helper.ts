// Test support: loads a known-answer vector file from test/vectors/crypto/ (see its README).
import { readFileSync } from 'node:fs';

export function loadVectors<T>(file: string): T[] {
  const url = new URL(`../../test/vectors/crypto/${file}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { vectors: T[] }).vectors;
}
