// The value of --store / OPENKMS_STORE: a PostgreSQL URL as libpq spells it. Shared by the settings table (its check)
// and config.ts (which turns it into the storage choice), and by `openkms config print`, which must not show a password.

/** Throws an Error saying what --store takes, for anything but a postgres:// or postgresql:// URL naming a host. */
export function checkStoreUrl(text: string): void {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') || url.hostname === '') {
    throw new Error('takes a PostgreSQL URL, postgres://user@host:port/database');
  }
}

/** The URL with its password (if any) replaced, for printing: the rest says which database it is. */
export function redactStoreUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password === '') return text;
    url.password = 'REDACTED';
    return url.toString();
  } catch {
    return text;
  }
}
