import { Collapse, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BuyNowQuote } from '../../api/exchange.ts';
import { Money } from '../../components/Money.tsx';
import { PolicyTrace } from '../../components/PolicyTrace.tsx';
import { formatFenExact, formatRateBps } from '../../format/money.ts';
import { useLocalized } from '../../i18n/localized.ts';

type SubsidyQuote = NonNullable<BuyNowQuote['subsidy']>;

/**
 * Why the rate is what it is: the program's rates tried before the one that applies, each with
 * the reason it does not (this year's contracts past a threshold, a chip origin, a size), in
 * the policy engine's own words.
 */
function rateReasons(subsidy: SubsidyQuote) {
  return subsidy.trace.filter(
    (entry) => entry.rule.startsWith('rate.') && entry.outcome === 'info',
  );
}

/**
 * A buy-now's quote as the dialog shows it: the amount, the subsidy, what the enterprise pays,
 * the rate and why, what else limited the subsidy, and every step of the policy's decision.
 * These are the figures the order gets: the server decided them with the buy-now's own code.
 */
export function QuoteSummary({ quote }: { quote: BuyNowQuote }) {
  const { t } = useTranslation('enterprise');
  const localized = useLocalized();
  const { subsidy } = quote;
  return (
    <>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('exchange.amount')}>
          <Money fen={BigInt(quote.amountFen)} testId="buy-amount" />
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.subsidy')}>
          <Money fen={BigInt(quote.subsidyFen)} testId="buy-subsidy" />
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.youPay')}>
          <Money fen={BigInt(quote.enterpriseShareFen)} testId="buy-you-pay" />
        </Descriptions.Item>
        {subsidy !== null && (
          <Descriptions.Item label={t('exchange.quote.rate')}>
            <span data-testid="buy-rate">
              {t(`exchange.quote.mode.${subsidy.mode}`, { rate: formatRateBps(subsidy.rateBps) })}
            </span>
            {rateReasons(subsidy).map((entry, index) => (
              <div key={`${entry.rule}-${index}`} data-testid="buy-rate-reason">
                <Typography.Text type="secondary">{localized(entry.message)}</Typography.Text>
              </div>
            ))}
            {subsidy.limitedBy !== 'rate' && (
              <div data-testid="buy-limited-by">
                <Typography.Text type="warning">
                  {t(`exchange.quote.limitedBy.${subsidy.limitedBy}`, {
                    left: formatFenExact(subsidy.grantAvailableFen),
                  })}
                </Typography.Text>
              </div>
            )}
          </Descriptions.Item>
        )}
      </Descriptions>
      {subsidy !== null && (
        <Collapse
          size="small"
          style={{ marginTop: 12 }}
          items={[
            {
              key: 'trace',
              label: t('exchange.quote.steps'),
              children: <PolicyTrace trace={subsidy.trace} />,
            },
          ]}
        />
      )}
    </>
  );
}
