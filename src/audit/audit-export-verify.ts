// `openkms audit verify --dir`: checks exported log files against their digests: each file's SHA-256, and the chain
// recomputed over the records in the files, from the digest's previous hash to its last hash.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chainHash } from './audit-chain.js';
import type { ExportDigest } from './audit-export.js';
import type { VerifyReport } from './audit-verify.js';

export function verifyExport(dir: string): VerifyReport {
  const report: VerifyReport = { accounts: 0, records: 0, problems: [] };
  const logs = join(dir, 'AWSLogs');
  if (!existsSync(logs)) return { ...report, problems: [`no AWSLogs folder in ${dir}`] };
  for (const accountId of readdirSync(logs)) {
    const digests = join(logs, accountId, 'CloudTrail-Digest');
    if (!existsSync(digests)) {
      report.problems.push(`account ${accountId}: no digest`);
      continue;
    }
    report.accounts++;
    for (const name of readdirSync(digests).sort()) {
      const digest = JSON.parse(readFileSync(join(digests, name), 'utf8')) as ExportDigest;
      report.problems.push(...verifyDigest(dir, digest, report));
    }
  }
  return report;
}

function verifyDigest(dir: string, digest: ExportDigest, report: VerifyReport): string[] {
  const problems: string[] = [];
  const account = digest.accountId;
  let index = digest.firstIndex;
  let previous = digest.previousHash;
  for (const file of digest.logFiles) {
    const path = join(dir, file.path);
    if (!existsSync(path)) {
      problems.push(`account ${account}: log file ${file.path} is missing`);
      return problems;
    }
    const body = readFileSync(path);
    if (createHash('sha256').update(body).digest('hex') !== file.sha256) problems.push(`account ${account}: log file ${file.path} was changed`);
    let records: unknown[];
    try {
      records = (JSON.parse(gunzipSync(body).toString('utf8')) as { Records: unknown[] }).Records;
    } catch {
      problems.push(`account ${account}: log file ${file.path} is not a CloudTrail log file`);
      return problems;
    }
    for (const record of records) {
      // JSON.stringify gives back the exact text that was hashed (it was JSON.stringify output to begin with).
      previous = chainHash(account, index, previous, JSON.stringify(record));
      index++;
      report.records++;
    }
    if (index - 1 !== file.lastIndex) problems.push(`account ${account}: log file ${file.path} does not hold records ${file.firstIndex}-${file.lastIndex}`);
  }
  if (previous !== digest.lastHash) {
    problems.push(`account ${account}: records ${digest.firstIndex}-${digest.lastIndex} do not match their digest (changed, removed or reordered)`);
  }
  return problems;
}
