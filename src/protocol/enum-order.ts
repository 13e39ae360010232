// The order in which AWS lists an enum's values in `Member must satisfy enum value set: [...]`. Not the model's order:
// the recorded answers fit a hash table of 32 buckets indexed by the low five bits of Java's String.hashCode(),
// walked bucket by bucket, with the value that comes later in the model first within a bucket (docs/kms-behaviour.md
// 8.4 lists the recorded answers this reproduces). For sets larger than 24 values (none in KMS today) the table is
// taken to double as a Java HashMap's does at its 0.75 load factor; that part is an extrapolation.

/** Java's String.hashCode(): s[0]*31^(n-1) + ... + s[n-1], in 32-bit arithmetic, over UTF-16 code units. */
export function javaStringHashCode(value: string): number {
  let hash = 0;
  for (let i = 0; i < value.length; i++) hash = (Math.imul(31, hash) + value.charCodeAt(i)) | 0;
  return hash;
}

/** `values` (in the model's order) in the order AWS prints them. */
export function awsEnumOrder(values: readonly string[]): string[] {
  let buckets = 32;
  while (values.length > buckets * 0.75) buckets *= 2;
  const table: string[][] = Array.from({ length: buckets }, () => []);
  for (const value of values) table[javaStringHashCode(value) & (buckets - 1)]!.unshift(value);
  return table.flat();
}
