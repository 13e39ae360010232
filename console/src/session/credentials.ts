// The signed-in user's credentials and Region, kept in sessionStorage only: they live as long as the browser tab and
// are never written to localStorage, cookies or anywhere the server could see them.

export interface ConsoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
}

const STORAGE_KEY = 'openkms-console-credentials';

export function loadCredentials(): ConsoleCredentials | undefined {
  const text = sessionStorage.getItem(STORAGE_KEY);
  if (text === null) return undefined;
  try {
    const value = JSON.parse(text) as Partial<ConsoleCredentials>;
    if (typeof value.accessKeyId !== 'string' || typeof value.secretAccessKey !== 'string' || typeof value.region !== 'string') return undefined;
    return {
      accessKeyId: value.accessKeyId,
      secretAccessKey: value.secretAccessKey,
      region: value.region,
      ...(typeof value.sessionToken === 'string' && value.sessionToken !== '' ? { sessionToken: value.sessionToken } : {}),
    };
  } catch {
    return undefined;
  }
}

export function saveCredentials(credentials: ConsoleCredentials): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials));
}

export function clearCredentials(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
