// `openkms audit`: export the audit trail as CloudTrail log files, verify its hash chains (in the database or in an
// export), and set how long records are kept. Reads the data directory directly (server/open-storage.ts); the server
// may be running.

import { exportAuditLog } from '../audit/audit-export.js';
import { verifyExport } from '../audit/audit-export-verify.js';
import { parseRetentionDays, RETENTION_SETTING } from '../audit/audit-retention.js';
import { verifyAuditLog, type VerifyReport } from '../audit/audit-verify.js';
import { configFromEnvironment, SettingsError, storageSettings, storeUrl, type StorageChoice } from '../server/config.js';
import { checkExportDir } from '../server/data-dir-check.js';
import { openAuditTrailStorage, type OpenedAuditTrail } from '../server/open-storage.js';
import { findSubcommand, parseCommand, stringValue, UsageError, type CommandSpec, type OptionValues } from './args.js';
import type { CliOutput } from './cli-output.js';

export const AUDIT_HELP = `openkms audit <command> [options]
  export --since DATE --out DIR   write records since DATE (ISO 8601) as CloudTrail log files (gzip JSON) under DIR
  verify                          check every account's hash chain; exit code 1 if a record was changed, removed or reordered
  verify --dir DIR                check an export against its digests instead
  retention [--days N]            show, or set, how many days records are kept (0: keep all); the server prunes hourly
  --data-dir DIR                  where the database lives (default ./.openkms, env OPENKMS_DATA_DIR)
  --store URL                     the PostgreSQL store instead, postgres://user@host:port/database (env OPENKMS_STORE)
  -h, --help                      this text, or a command's (openkms audit verify -h)`;

const DATA_DIR_LINE = `  --data-dir DIR   where the database lives (default ./.openkms, env OPENKMS_DATA_DIR)
  --store URL      the PostgreSQL store instead, postgres://user@host:port/database (env OPENKMS_STORE)`;

const SUBCOMMANDS: Readonly<Record<string, CommandSpec>> = {
  export: {
    name: 'openkms audit export',
    usage: `usage: openkms audit export --since DATE --out DIR [--data-dir DIR]
  writes the records since DATE (ISO 8601) as CloudTrail log files (gzip JSON) under DIR
${DATA_DIR_LINE}`,
    options: { since: { type: 'string' }, out: { type: 'string' }, 'data-dir': { type: 'string' }, store: { type: 'string' } },
    positionals: 1,
  },
  verify: {
    name: 'openkms audit verify',
    usage: `usage: openkms audit verify [--data-dir DIR | --dir DIR]
  checks every account's hash chain in the database, or an export (--dir) against its digests;
  exit code 1 if a record was changed, removed or reordered
${DATA_DIR_LINE}`,
    options: { dir: { type: 'string' }, 'data-dir': { type: 'string' }, store: { type: 'string' } },
    positionals: 1,
  },
  retention: {
    name: 'openkms audit retention',
    usage: `usage: openkms audit retention [--days N] [--data-dir DIR]
  shows, or sets, how many days records are kept (0: keep all); the server prunes hourly
${DATA_DIR_LINE}`,
    options: { days: { type: 'string' }, 'data-dir': { type: 'string' }, store: { type: 'string' } },
    positionals: 1,
  },
};

const ALL_OPTIONS = Object.assign({}, ...Object.values(SUBCOMMANDS).map((spec) => spec.options)) as CommandSpec['options'];
const GROUP_SPEC: CommandSpec = { name: 'openkms audit', usage: AUDIT_HELP, options: ALL_OPTIONS };

export async function auditCommand(argv: readonly string[], io: CliOutput): Promise<number> {
  const command = findSubcommand(argv, ALL_OPTIONS);
  if (command === undefined) {
    const parsed = parseCommand(argv, GROUP_SPEC);
    if (!parsed.help && argv.length > 0) throw new UsageError('openkms audit: no command given', AUDIT_HELP);
    io.out(AUDIT_HELP + '\n');
    return 0;
  }
  const spec = Object.hasOwn(SUBCOMMANDS, command) ? SUBCOMMANDS[command] : undefined;
  if (spec === undefined) throw new UsageError(`openkms audit: unknown command '${command}'`, AUDIT_HELP);
  const parsed = parseCommand(argv, spec);
  if (parsed.help) {
    io.out(spec.usage + '\n');
    return 0;
  }
  const values = parsed.values;
  const dataDir = () => storageOf(values);
  switch (command) {
    case 'export':
      return exportCommand(spec, values, dataDir, io);
    case 'verify': {
      const dir = stringValue(values, 'dir');
      const report = dir !== undefined ? verifyExport(dir) : await withAuditTrail(dataDir(), true, async (trail) => verifyAuditLog(trail.auditLog));
      return reportVerification(report, io);
    }
    default:
      return retentionCommand(spec, values, dataDir, io);
  }
}

type StorageOf = () => StorageChoice;

/** --store (or OPENKMS_STORE) names a PostgreSQL store; otherwise the data directory's SQLite database. */
function storageOf(values: OptionValues): StorageChoice {
  const dataDir = stringValue(values, 'data-dir') ?? configFromEnvironment().dataDir;
  const flag = stringValue(values, 'store');
  let url: string | undefined;
  try {
    url = flag !== undefined ? storeUrl(flag, '--store') : configFromEnvironment().store;
  } catch (error) {
    if (error instanceof SettingsError) throw new UsageError(`openkms audit: ${error.message}`);
    throw error;
  }
  return url !== undefined ? { kind: 'postgres', url, dataDir } : { kind: 'sqlite', dataDir };
}

async function exportCommand(spec: CommandSpec, values: OptionValues, dataDir: StorageOf, io: CliOutput): Promise<number> {
  const since = stringValue(values, 'since');
  const out = stringValue(values, 'out');
  if (since === undefined || out === undefined) throw new UsageError(`${spec.name}: --since DATE and --out DIR are required`, spec.usage);
  const sinceDate = new Date(since);
  if (Number.isNaN(sinceDate.getTime())) throw new UsageError(`${spec.name}: --since is not a date (ISO 8601): '${since}'`);
  const result = await withAuditTrail(dataDir(), true, async (trail) => {
    // Checked (and created) level by level first: below a usable directory, the export's own mkdir cannot spin.
    checkExportDir(out);
    return exportAuditLog(trail.auditLog, { since: sinceDate, outDir: out });
  });
  io.out(`exported ${result.records} records in ${result.logFiles.length} log files to ${out}\n`);
  return 0;
}

function reportVerification(report: VerifyReport, io: CliOutput): number {
  if (report.problems.length === 0) {
    io.out(`audit trail verified: ${report.records} records in ${report.accounts} account chains\n`);
    return 0;
  }
  io.err(`audit trail verification FAILED (${report.problems.length} problems):\n`);
  for (const problem of report.problems) io.err(`  ${problem}\n`);
  return 1;
}

async function retentionCommand(spec: CommandSpec, values: OptionValues, dataDir: StorageOf, io: CliOutput): Promise<number> {
  const days = stringValue(values, 'days');
  let value: number | undefined;
  if (days !== undefined) {
    try {
      value = parseRetentionDays(days) ?? 0;
    } catch {
      throw new UsageError(`${spec.name}: --days takes a whole number of days (0: keep all): '${days}'`);
    }
  }
  await withAuditTrail(dataDir(), days === undefined, async (trail) => {
    if (value !== undefined) await trail.putSetting(RETENTION_SETTING, String(value));
    const current = parseRetentionDays(await trail.getSetting(RETENTION_SETTING));
    io.out(current === undefined ? 'audit records are kept forever\n' : `audit records are kept for ${current} days\n`);
  });
  return 0;
}

/** The store checked and its root key verified (never created), then its audit trail for `use`. */
async function withAuditTrail<T>(storage: StorageChoice, readonly: boolean, use: (trail: OpenedAuditTrail) => Promise<T>): Promise<T> {
  const trail = await openAuditTrailStorage(storageSettings(storage), { write: !readonly });
  try {
    return await use(trail);
  } finally {
    await trail.close();
  }
}
