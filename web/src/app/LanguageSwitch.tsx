import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../i18n/index.ts';

/** One click to the other language; the choice is remembered (localStorage). */
export function LanguageSwitch() {
  const { i18n } = useTranslation();
  const next = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      type="text"
      data-testid="language-switch"
      lang={next}
      aria-label={next === 'en' ? 'Switch to English' : '切换到中文'}
      onClick={() => void changeLanguage(next)}
    >
      {next === 'en' ? 'English' : '中文'}
    </Button>
  );
}
