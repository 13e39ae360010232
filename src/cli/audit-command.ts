// `openkms audit`: export the audit trail as CloudTrail log files, verify its hash chains (in the database or in an
// export), and set how long records are kept. Reads the SQLite database directly; the server may be running.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { exportAuditLog } from '../audit/audit-export.js';
import { verifyExport } from '../audit/audit-export-verify.js';
import { parseRetentionDays, RETENTION_SETTING } from '../audit/audit-retention.js';
import { verifyAuditLog, type VerifyReport } from '../audit/audit-verify.js';
import { configFromEnvironment } from '../server/config.js';
import { DATABASE_FILE } from '../server/openkms-server.js';
import { SqliteAuditLog } from '../storage/sqlite/sqlite-audit-log.js';
import { parseArgs, stringFlag } from './args.js';

export const AUDIT_HELP = `openkms audit <command> [options]
  export --since DATE --out DIR   write records since DATE (ISO 8601) as CloudTrail log files (gzip JSON) under DIR
  verify                          check every account's hash chain; exit code 1 if a record was changed, removed or reordered
  verify --dir DIR                check an export against its digests instead
  retention [--days N]            show, or set, how many days records are kept (0: keep all); the server prunes hourly
  --data-dir DIR                  where the database lives (default ./.openkms, env OPENKMS_DATA_DIR)`;

export async function auditCommand(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv, new Set(['help']));
  const [command] = args.positional;
  if (args.flags.has('help') || command === undefined) {
    process.stdout.write(AUDIT_HELP + '\n');
    return;
  }
  const dataDir = stringFlag(args, 'data-dir') ?? configFromEnvironment().dataDir;
  switch (command) {
    case 'export':
      return exportCommand(dataDir, stringFlag(args, 'since'), stringFlag(args, 'out'));
    case 'verify': {
      const dir = stringFlag(args, 'dir');
      return reportVerification(dir !== undefined ? verifyExport(dir) : withDatabase(dataDir, true, (db) => verifyAuditLog(new SqliteAuditLog(db))));
    }
    case 'retention':
      return retentionCommand(dataDir, stringFlag(args, 'days'));
    default:
      throw new Error(`unknown audit command '${command}'\n\n${AUDIT_HELP}`);
  }
}

function exportCommand(dataDir: string, since: string | undefined, out: string | undefined): void {
  if (since === undefined || out === undefined) throw new Error('audit export needs --since DATE and --out DIR');
  const sinceDate = new Date(since);
  if (Number.isNaN(sinceDate.getTime())) throw new Error(`--since is not a date: ${since}`);
  const result = withDatabase(dataDir, true, (db) => exportAuditLog(new SqliteAuditLog(db), { since: sinceDate, outDir: out }));
  process.stdout.write(`exported ${result.records} records in ${result.logFiles.length} log files to ${out}\n`);
}

function reportVerification(report: VerifyReport): void {
  if (report.problems.length === 0) {
    process.stdout.write(`audit trail verified: ${report.records} records in ${report.accounts} account chains\n`);
    return;
  }
  process.stderr.write(`audit trail verification FAILED (${report.problems.length} problems):\n`);
  for (const problem of report.problems) process.stderr.write(`  ${problem}\n`);
  process.exitCode = 1;
}

function retentionCommand(dataDir: string, days: string | undefined): void {
  withDatabase(dataDir, days === undefined, (db) => {
    if (days !== undefined) {
      const value = parseRetentionDays(days) ?? 0;
      db.prepare('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(
        RETENTION_SETTING,
        String(value),
      );
    }
    const row = db.prepare('SELECT value FROM settings WHERE name = ?').get(RETENTION_SETTING) as { value: string } | undefined;
    const current = parseRetentionDays(row?.value);
    process.stdout.write(current === undefined ? 'audit records are kept forever\n' : `audit records are kept for ${current} days\n`);
  });
}

function withDatabase<T>(dataDir: string, readonly: boolean, use: (db: Database.Database) => T): T {
  const path = join(dataDir, DATABASE_FILE);
  if (!existsSync(path)) throw new Error(`no openkms database at ${path}`);
  const db = new Database(path, { readonly, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return use(db);
  } finally {
    db.close();
  }
}
