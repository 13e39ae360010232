// Loads data for a page or tab with one SDK call chain: the value, whether it is loading, and a reload; a failure goes
// to the flash bar (exception name and message) and leaves the last value in place.

import { useCallback, useEffect, useState } from 'react';
import { useFlash } from '../shell/flash-messages';

export function useLoader<T>(load: () => Promise<T>, deps: readonly unknown[]): { value: T | undefined; loading: boolean; reload(): void } {
  const flash = useFlash();
  const [value, setValue] = useState<T | undefined>();
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  // The caller lists what `load` depends on, as for useCallback.
  const run = useCallback(load, deps);
  useEffect(() => {
    let current = true;
    setLoading(true);
    run()
      .then((loaded) => current && setValue(loaded))
      .catch((error: unknown) => current && flash.error(error))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [run, version, flash]);
  return { value, loading, reload: useCallback(() => setVersion((v) => v + 1), []) };
}
