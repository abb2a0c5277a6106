import type { TFunction } from 'i18next';
import { ApiError } from './api-error.ts';

/**
 * The sentence a reader sees for a failed call, in the current language: the catalog's
 * sentence for the error code (web/src/i18n/<lang>/errors.json), naming the field at fault
 * when the server named one; an unknown code falls back to the generic sentence, never to the
 * server's English message.
 */
export function errorSentence(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors:UNKNOWN');
  const field = error.field;
  const fieldText = field === undefined ? '' : t('common:error.field', { field });
  const key = `errors:${error.code}`;
  return t(key, { field: fieldText, defaultValue: t('errors:UNKNOWN') });
}
