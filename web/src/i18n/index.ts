import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources, type Language } from './resources.ts';

export { languages, type Language } from './resources.ts';

/** Where the reader's choice of language is remembered across visits. */
export const LANGUAGE_STORAGE_KEY = 'suanli.language';

/** zh-CN unless the reader chose English before (the console is for Chinese bureaus first). */
export function initialLanguage(): Language {
  try {
    return localStorage.getItem(LANGUAGE_STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    // Storage can be off (private mode, a locked-down browser): the default still works.
    return 'zh-CN';
  }
}

/** Switches the language, remembers it and sets `<html lang>` for screen readers. */
export async function changeLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not remembered, still switched.
  }
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

/** Starts i18next with every namespace bundled (they are small; a switch never waits). */
export async function initI18n(): Promise<typeof i18next> {
  const language = initialLanguage();
  document.documentElement.lang = language;
  await i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'zh-CN',
    defaultNS: 'common',
    ns: ['common', 'errors', 'public', 'enterprise', 'provider', 'operator'],
    // React escapes what it renders; i18next escaping again would show &amp; to the reader.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}
