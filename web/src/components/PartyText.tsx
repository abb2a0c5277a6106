import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatUscc, regionNameOf } from '../format/parties.ts';

/** A region by its name (杭州市 / Hangzhou), the GB/T 2260 code in a tooltip. */
export function RegionName({ code }: { code: string }) {
  const { i18n } = useTranslation();
  return (
    <Tooltip title={`GB/T 2260: ${code}`}>
      <span tabIndex={0}>{regionNameOf(code, i18n.language)}</span>
    </Tooltip>
  );
}

/** A unified social credit code as on the licence, its registering region in a tooltip. */
export function Uscc({ value }: { value: string }) {
  const { t, i18n } = useTranslation();
  const { text, regionCode } = formatUscc(value);
  const title =
    regionCode === undefined
      ? t('common:uscc.label')
      : t('common:uscc.registeredIn', { region: regionNameOf(regionCode, i18n.language) });
  return (
    <Tooltip title={title}>
      <span tabIndex={0} className="uscc">
        {text}
      </span>
    </Tooltip>
  );
}
