import { useEffect, useState } from 'react';

/**
 * `value`, once it has stayed the same for `delayMs`: typing "16" in a field asks the server
 * once, for 16, not for 1 and then 16.
 */
export function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}
