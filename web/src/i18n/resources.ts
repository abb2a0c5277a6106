import enCommon from './en/common.json';
import enEnterprise from './en/enterprise.json';
import enErrors from './en/errors.json';
import enOperator from './en/operator.json';
import enProvider from './en/provider.json';
import enPublic from './en/public.json';
import zhCommon from './zh-CN/common.json';
import zhEnterprise from './zh-CN/enterprise.json';
import zhErrors from './zh-CN/errors.json';
import zhOperator from './zh-CN/operator.json';
import zhProvider from './zh-CN/provider.json';
import zhPublic from './zh-CN/public.json';

/** The console's languages; zh-CN is the default. */
export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

/**
 * Every sentence of the console, one file per area and language, so the people building
 * different areas edit different files.
 */
export const resources = {
  'zh-CN': {
    common: zhCommon,
    errors: zhErrors,
    public: zhPublic,
    enterprise: zhEnterprise,
    provider: zhProvider,
    operator: zhOperator,
  },
  en: {
    common: enCommon,
    errors: enErrors,
    public: enPublic,
    enterprise: enEnterprise,
    provider: enProvider,
    operator: enOperator,
  },
} as const;
