import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFenExact, formatFenShort } from '../format/money.ts';

/**
 * An amount of fen: `¥50万` for Chinese readers, the exact `¥500,000.00` one hover (or focus)
 * away, with the fen count for anyone reconciling against a statement.
 */
export function Money({ fen, testId }: { fen: string | bigint; testId?: string }) {
  const { t, i18n } = useTranslation();
  const short = formatFenShort(fen, i18n.language);
  const exact = formatFenExact(fen);
  const title = t('common:money.exact', { exact, fen: fen.toString() });
  return (
    <Tooltip title={title}>
      <span tabIndex={0} data-fen={fen.toString()} data-testid={testId} className="money">
        {short}
      </span>
    </Tooltip>
  );
}
