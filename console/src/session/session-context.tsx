// Who is signed in: their credentials (sessionStorage), the SDK clients made from them, their identity from STS
// GetCallerIdentity, and the actions that change them (sign in, switch Region, sign out).

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { awsClients, type AwsClients } from './aws-clients';
import { clearCredentials, loadCredentials, saveCredentials, type ConsoleCredentials } from './credentials';

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export interface Session {
  credentials: ConsoleCredentials;
  clients: AwsClients;
  identity: CallerIdentity | undefined;
}

interface SessionContextValue {
  session: Session | undefined;
  /** Checks the credentials with GetCallerIdentity; throws the SDK's error (name and message) when they do not work. */
  signIn(credentials: ConsoleCredentials): Promise<void>;
  signOut(): void;
  setRegion(region: string): void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

async function callerIdentity(clients: AwsClients): Promise<CallerIdentity> {
  const answer = await clients.sts.send(new GetCallerIdentityCommand({}));
  return { account: answer.Account ?? '', arn: answer.Arn ?? '', userId: answer.UserId ?? '' };
}

function sessionFor(credentials: ConsoleCredentials, identity?: CallerIdentity): Session {
  return { credentials, clients: awsClients(credentials), identity };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(() => {
    const stored = loadCredentials();
    if (stored === undefined) return undefined;
    const restored = sessionFor(stored);
    // A reload keeps the tab's credentials; the identity is asked for again, and a failure leaves it unknown.
    void callerIdentity(restored.clients).then(
      (identity) => setSession((current) => (current?.credentials === stored ? { ...current, identity } : current)),
      () => undefined,
    );
    return restored;
  });

  const signIn = useCallback(async (credentials: ConsoleCredentials) => {
    const candidate = sessionFor(credentials);
    const identity = await callerIdentity(candidate.clients);
    saveCredentials(credentials);
    setSession({ ...candidate, identity });
  }, []);

  const signOut = useCallback(() => {
    clearCredentials();
    setSession(undefined);
  }, []);

  const setRegion = useCallback((region: string) => {
    setSession((current) => {
      if (current === undefined) return current;
      const credentials = { ...current.credentials, region };
      saveCredentials(credentials);
      return sessionFor(credentials, current.identity);
    });
  }, []);

  const value = useMemo(() => ({ session, signIn, signOut, setRegion }), [session, signIn, signOut, setRegion]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionControl(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === undefined) throw new Error('useSessionControl outside SessionProvider');
  return value;
}

/** The signed-in session; only pages shown after sign-in use it. */
export function useSession(): Session {
  const { session } = useSessionControl();
  if (session === undefined) throw new Error('useSession before sign-in');
  return session;
}
