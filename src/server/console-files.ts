// Serves the web console's built files (dist/console/, made by `npm run build`) at /console: GET and HEAD only, only
// the regular files found in that folder at start (no listing, no symlinks, nothing outside it), and index.html for
// every other path under /console so that the console's own routing picks the page.

import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const CONSOLE_PATH = '/console';

/** What the listener writes back: the console's answers carry bytes (scripts, styles, images), not only text. */
export interface FileAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

/** Far longer than any path the console links to; longer ones are refused before they are decoded. */
const MAX_PATH_LENGTH = 2048;
/** A build has a handful of files; a folder with many more is not a console build and is not walked further. */
const MAX_FILES = 2000;
const MAX_DEPTH = 8;

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  map: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  txt: 'text/plain; charset=utf-8',
};

/**
 * Everything the console loads comes from this origin, and the SDK calls this origin too: nothing else is allowed,
 * inline scripts and styles included, and no other site may frame the console (clickjacking). The one exception is
 * fonts from data: URLs, the form in which Cloudscape's global styles ship their Open Sans faces; a font cannot run code.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/** Text compresses to a quarter or less (the console's script and styles are over a megabyte each); images and fonts do not. */
const COMPRESSIBLE = new Set(['html', 'js', 'mjs', 'css', 'json', 'map', 'svg', 'txt']);

/** Vite names the files under assets/ by a hash of their content: a new build gives new names, so they never go stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The console build of this package: dist/console/ beside the package.json above this module (src/ or dist/). */
export function defaultConsoleDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'console');
}

export class ConsoleFiles {
  /** Path below the folder ("assets/index-abc.js") → absolute path, for the regular files seen at start. */
  readonly #files: Map<string, string>;
  readonly #cache = new Map<string, Buffer>();
  readonly #gzipCache = new Map<string, Buffer>();

  private constructor(files: Map<string, string>) {
    this.#files = files;
  }

  /** Scans `dir` once; a missing folder gives a ConsoleFiles that answers 404 with how to build the console. */
  static open(dir: string = defaultConsoleDir()): ConsoleFiles {
    const files = new Map<string, string>();
    const walk = (folder: string, prefix: string, depth: number) => {
      if (depth > MAX_DEPTH) return;
      let entries;
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        if (files.size >= MAX_FILES) return;
        // Dirents do not follow symlinks: a link (to a file or a folder, inside or out) is neither, and is not served.
        if (entry.isDirectory()) walk(join(folder, entry.name), `${prefix}${entry.name}/`, depth + 1);
        else if (entry.isFile()) files.set(`${prefix}${entry.name}`, join(folder, entry.name));
      }
    };
    walk(dir, '', 0);
    return new ConsoleFiles(files);
  }

  /** Whether the console has been built (its index.html was found). */
  get built(): boolean {
    return this.#files.has('index.html');
  }

  /** Paths this handler answers: /console and everything below it. */
  static handles(path: string): boolean {
    return path === CONSOLE_PATH || path.startsWith(`${CONSOLE_PATH}/`);
  }

  /** `acceptEncoding` is the request's Accept-Encoding header: text goes gzip-compressed to a client that accepts gzip. */
  answer(method: string, rawPath: string, acceptEncoding?: string): FileAnswer {
    if (method !== 'GET' && method !== 'HEAD') return failure(405, 'The console answers GET and HEAD only.', { allow: 'GET, HEAD' });
    if (!this.built) return failure(404, 'The web console is not built: run `npm run build` and start openkms again.');
    const name = fileName(rawPath);
    if (name === undefined) return failure(404, 'No such file in the console.');
    const file = name === '' ? undefined : this.#read(name);
    const gzip = acceptsGzip(acceptEncoding);
    if (file) return this.#file(name, file, gzip);
    // A path that names a file (it has an extension) and is not one is a 404; any other is a page of the console.
    if (/\.[^/]*$/.test(name)) return failure(404, 'No such file in the console.');
    return this.#file('index.html', this.#read('index.html') ?? Buffer.alloc(0), gzip);
  }

  #file(name: string, body: Buffer, gzip: boolean): FileAnswer {
    const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
    const headers: Record<string, string> = {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      'cache-control': name.startsWith('assets/') ? IMMUTABLE : 'no-cache',
    };
    if (!COMPRESSIBLE.has(extension)) return { status: 200, headers, body };
    // Caches between the console and its users must keep the two forms apart.
    headers.vary = 'accept-encoding';
    if (!gzip) return { status: 200, headers, body };
    let compressed = this.#gzipCache.get(name);
    if (compressed === undefined) this.#gzipCache.set(name, (compressed = gzipSync(body)));
    return { status: 200, headers: { ...headers, 'content-encoding': 'gzip' }, body: compressed };
  }

  /** The file's bytes, read once; opened without following a symlink, in case one replaced the file since the scan. */
  #read(name: string): Buffer | undefined {
    const cached = this.#cache.get(name);
    if (cached) return cached;
    const path = this.#files.get(name);
    if (path === undefined) return undefined;
    let fd: number | undefined;
    try {
      fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
      if (!fstatSync(fd).isFile()) return undefined;
      const bytes = readFileSync(fd);
      this.#cache.set(name, bytes);
      return bytes;
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}

/**
 * The file a request path names below /console ('' for /console itself), or undefined for a path no built file can
 * have: too long, badly percent-encoded, with an encoded separator, a backslash, a NUL, or a '.', '..' or empty segment.
 */
export function fileName(rawPath: string): string | undefined {
  if (rawPath.length > MAX_PATH_LENGTH || !ConsoleFiles.handles(rawPath)) return undefined;
  const rest = rawPath.slice(CONSOLE_PATH.length).replace(/^\//, '');
  if (/%2f|%5c|\\/i.test(rest)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const segments = decoded.split('/');
  // A trailing slash (/console/keys/) is a page's path; an empty segment anywhere else is not.
  if (segments.slice(0, -1).some((segment) => segment === '') || segments.some((segment) => segment === '.' || segment === '..')) return undefined;
  return segments.filter((segment) => segment !== '').join('/');
}

/** Whether an Accept-Encoding header lists gzip (or x-gzip, its old name) with a weight above 0 (RFC 9110 12.5.3, 8.4.1.3). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((entry) => {
    const [coding, ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== 'x-gzip') return false;
    const weight = parameters.find((parameter) => parameter.startsWith('q='));
    return weight === undefined || Number(weight.slice(2)) > 0;
  });
}

function failure(status: number, message: string, extra: Record<string, string> = {}): FileAnswer {
  return {
    status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-store', ...extra },
    body: JSON.stringify({ message }),
  };
}
