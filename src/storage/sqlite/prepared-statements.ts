// The base of every SQLite data-access class: SQL text prepared once per connection and reused.

import type Database from 'better-sqlite3';

export abstract class PreparedStatements {
  readonly #statements = new Map<string, Database.Statement>();

  constructor(protected readonly db: Database.Database) {}

  protected sql(text: string): Database.Statement {
    let statement = this.#statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }
}
