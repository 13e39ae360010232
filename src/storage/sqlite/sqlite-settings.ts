// The SQL of settings: named text values. The store reads and writes them through this, and so does `openkms audit
// retention` on a connection of its own.

import { PreparedStatements } from './prepared-statements.js';

type Row = Record<string, unknown>;

export class SqliteSettings extends PreparedStatements {
  get(name: string): string | undefined {
    const row = this.sql('SELECT value FROM settings WHERE name = ?').get(name) as Row | undefined;
    return row ? (row.value as string) : undefined;
  }

  put(name: string, value: string): void {
    this.sql('INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(name, value);
  }
}
