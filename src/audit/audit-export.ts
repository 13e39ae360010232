// `openkms audit export`: writes the records since a date as CloudTrail log files (gzip JSON {"Records": [...]}, in
// CloudTrail's AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/ layout), plus one digest per account that carries
// the chain hashes, so exported files can be verified on their own (`openkms audit verify --dir`).

import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { StoredAuditEvent } from './audit-log-port.js';
import type { AuditLogReader } from './audit-log-reader.js';

/** At most this many records per log file; a file also never spans two Regions or two UTC hours. */
const RECORDS_PER_FILE = 5_000;

export interface ExportDigest {
  accountId: string;
  firstIndex: number;
  lastIndex: number;
  /** The hash before the first exported record (the chain continues from it). */
  previousHash: string;
  lastHash: string;
  logFiles: { path: string; sha256: string; firstIndex: number; lastIndex: number }[];
}

export interface ExportResult {
  records: number;
  logFiles: string[];
  digests: string[];
}

export function exportAuditLog(log: AuditLogReader, options: { since: Date; outDir: string }): ExportResult {
  const result: ExportResult = { records: 0, logFiles: [], digests: [] };
  for (const head of log.heads()) {
    const first = log.firstIndexSince(head.accountId, options.since.getTime());
    if (first === undefined) continue;
    const digest: ExportDigest = { accountId: head.accountId, firstIndex: first, lastIndex: first, previousHash: '', lastHash: '', logFiles: [] };
    let batch: StoredAuditEvent[] = [];
    const flush = () => {
      if (batch.length === 0) return;
      const file = writeLogFile(options.outDir, batch);
      digest.logFiles.push(file);
      result.logFiles.push(file.path);
      result.records += batch.length;
      batch = [];
    };
    for (const event of log.chain(head.accountId, first)) {
      if (digest.previousHash === '') digest.previousHash = event.prevHash;
      const previous = batch[batch.length - 1];
      if (previous && (previous.region !== event.region || hourOf(previous.eventTime) !== hourOf(event.eventTime) || batch.length >= RECORDS_PER_FILE)) {
        flush();
      }
      batch.push(event);
      digest.lastIndex = event.chainIndex;
      digest.lastHash = event.hash;
    }
    flush();
    const digestPath = join('AWSLogs', head.accountId, 'CloudTrail-Digest', `openkms-digest_${digest.firstIndex}-${digest.lastIndex}.json`);
    writeFile(options.outDir, digestPath, JSON.stringify(digest, null, 2) + '\n');
    result.digests.push(digestPath);
  }
  return result;
}

/** The records' stored text is written as is, so the chain hashes still match it. */
function writeLogFile(outDir: string, events: StoredAuditEvent[]): ExportDigest['logFiles'][number] {
  const first = events[0]!;
  const last = events[events.length - 1]!;
  const time = new Date(hourOf(first.eventTime));
  const stamp = `${time.toISOString().replace(/[-:]/g, '').slice(0, 13)}Z`; // YYYYMMDDTHHmmZ, as CloudTrail names files
  const day = time.toISOString().slice(0, 10).split('-');
  const name = `${first.accountId}_CloudTrail_${first.region}_${stamp}_c${first.chainIndex}-${last.chainIndex}.json.gz`;
  const path = join('AWSLogs', first.accountId, 'CloudTrail', first.region, day[0]!, day[1]!, day[2]!, name);
  const body = gzipSync(`{"Records":[${events.map((event) => event.record).join(',')}]}`);
  writeFile(outDir, path, body);
  return { path, sha256: createHash('sha256').update(body).digest('hex'), firstIndex: first.chainIndex, lastIndex: last.chainIndex };
}

/**
 * Records name keys, principals, encryption contexts and source addresses: like the data directory, an export is
 * private to its owner — folders it creates 0700, files 0600 (also when a file of the same name was already there).
 */
function writeFile(outDir: string, path: string, body: string | Buffer): void {
  const full = join(outDir, path);
  mkdirSync(dirname(full), { recursive: true, mode: 0o700 });
  writeFileSync(full, body, { mode: 0o600 });
  chmodSync(full, 0o600);
}

function hourOf(epochMs: number): number {
  return epochMs - (epochMs % 3_600_000);
}
