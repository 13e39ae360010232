// Client-side routing under /console with the History API: the server answers every path under /console with
// index.html, and this picks the page. Links keep real hrefs so that they open in a new tab too.

import { useEffect, useState } from 'react';

export const BASE = '/console';

const listeners = new Set<() => void>();

/** The path below /console, always starting with '/'. */
export function currentPath(): string {
  const path = window.location.pathname.startsWith(BASE) ? window.location.pathname.slice(BASE.length) : '/';
  return path === '' ? '/' : path;
}

export function href(path: string): string {
  return `${BASE}${path}`;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', href(path));
  else window.history.pushState(null, '', href(path));
  window.scrollTo(0, 0);
  for (const listener of listeners) listener();
}

export function usePath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = () => setPath(currentPath());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** For Cloudscape's onFollow events: follow an in-console link without reloading the page. */
export function followLink(event: CustomEvent<{ href?: string; external?: boolean }>): void {
  const target = event.detail.href;
  if (event.detail.external || target === undefined || !target.startsWith(BASE)) return;
  event.preventDefault();
  navigate(target.slice(BASE.length) || '/');
}
