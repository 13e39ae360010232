// The flash bar at the top of every page: API errors (exception name and message), successes, and progress for
// operations that take a while (an RSA key pair takes seconds). Pages push messages through useFlash().

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import Flashbar, { type FlashbarProps } from '@cloudscape-design/components/flashbar';
import { apiErrorText } from '../common/api-error';

interface FlashApi {
  error(error: unknown): void;
  success(content: ReactNode, header?: string): void;
  /** Shows a message with a spinner until the returned function is called. */
  progress(content: ReactNode): () => void;
  clear(): void;
}

const FlashContext = createContext<{ api: FlashApi; items: FlashbarProps.MessageDefinition[] } | undefined>(undefined);

let counter = 0;

export function FlashProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<FlashbarProps.MessageDefinition[]>([]);
  const remove = useCallback((id: string) => setItems((current) => current.filter((item) => item.id !== id)), []);
  const add = useCallback(
    (item: Omit<FlashbarProps.MessageDefinition, 'id'>, options: { single?: boolean } = {}) => {
      const id = `flash-${++counter}`;
      const full = { ...item, id, ...(item.dismissible ? { onDismiss: () => remove(id) } : {}) };
      setItems((current) => (options.single ? [full] : [...current.filter((m) => m.type !== 'success'), full]));
      return id;
    },
    [remove],
  );
  const api = useMemo<FlashApi>(
    () => ({
      error: (error) => {
        const { name, message } = apiErrorText(error);
        add({ type: 'error', header: name, content: message, dismissible: true, dismissLabel: 'Dismiss message' });
      },
      success: (content, header) =>
        add({ type: 'success', content, dismissible: true, dismissLabel: 'Dismiss message', ...(header ? { header } : {}) }, { single: true }),
      progress: (content) => {
        const id = add({ type: 'info', loading: true, content });
        return () => remove(id);
      },
      clear: () => setItems([]),
    }),
    [add, remove],
  );
  const value = useMemo(() => ({ api, items }), [api, items]);
  return <FlashContext.Provider value={value}>{children}</FlashContext.Provider>;
}

export function useFlash(): FlashApi {
  const value = useContext(FlashContext);
  if (value === undefined) throw new Error('useFlash outside FlashProvider');
  return value.api;
}

export function FlashMessages() {
  const value = useContext(FlashContext);
  return <Flashbar items={value?.items ?? []} stackItems={false} />;
}
