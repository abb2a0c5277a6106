import { useTranslation } from 'react-i18next';

/** A text the API gives in both languages (`{ 'zh-CN', en }`). */
export interface Localized {
  'zh-CN': string;
  en: string;
}

/** Picks the reader's language from a `{ 'zh-CN', en }` text. */
export function useLocalized(): (text: Localized | null | undefined) => string {
  const { i18n } = useTranslation();
  return (text) => {
    if (text === null || text === undefined) return '';
    return i18n.language === 'en' ? text.en : text['zh-CN'];
  };
}
