import { useSyncExternalStore } from 'react';

let query: MediaQueryList | undefined;
/** One query for the page, made when first asked (every render reads it). */
const reducedMotionQuery = (): MediaQueryList =>
  (query ??= window.matchMedia('(prefers-reduced-motion: reduce)'));

function subscribe(onChange: () => void): () => void {
  const media = reducedMotionQuery();
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/**
 * Whether the reader asked their system for less motion (WCAG 2.3.3). The console then turns Ant
 * Design's animations off: dialogs, drawers and messages appear and go at once. It follows the
 * setting while the page is open.
 */
export function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => reducedMotionQuery().matches,
    () => false,
  );
}
