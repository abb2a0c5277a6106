import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ComputeRequest } from '../../api/exchange.ts';
import { Money } from '../../components/Money.tsx';

type Explanation = NonNullable<ComputeRequest['clearing']>;

/** A figure of the binding constraint (the API gives numbers and fen as strings). */
function figure(binding: NonNullable<Explanation['binding']>, key: string): string {
  const value = binding[key];
  return value === undefined ? '' : String(value);
}

/**
 * Why the last clearing run did not match a request, in the enterprise's words: the constraint
 * that bound (with its figure: the price after subsidy, the cards free, what the voucher has
 * left, …) and the next-best offer with its price per card-hour after subsidy.
 */
export function RequestExplanation({
  requestId,
  explanation,
}: {
  requestId: string;
  explanation: Explanation;
}) {
  const { t } = useTranslation('common');
  const { binding, nextBest } = explanation;
  const kind = binding?.kind ?? 'no-offer';
  return (
    <div data-testid={`request-explanation-${requestId}`} data-binding={kind}>
      <Typography.Text>
        {explanation.refusal !== null
          ? t('exchange.clearing.refused', { reason: explanation.refusal })
          : t(`exchange.clearing.binding.${kind}`, {
              hours: binding === null ? '' : figure(binding, 'minimumTermHours'),
              cards: binding === null ? '' : figure(binding, 'cardsPerNode'),
              free: binding === null ? '' : figure(binding, 'freeCards'),
              largest: binding === null ? '' : figure(binding, 'largestCards'),
              needed: binding === null ? '' : figure(binding, 'neededCards'),
            })}
      </Typography.Text>
      {binding?.kind === 'maximum-price' && (
        <div>
          {t('exchange.clearing.priceAfterSubsidy')}{' '}
          <Money
            fen={figure(binding, 'enterpriseFenPerCardHour')}
            testId={`explanation-price-${requestId}`}
          />
        </div>
      )}
      {binding?.kind === 'budget' && (
        <div>
          {t('exchange.clearing.voucherLeft')}{' '}
          <Money fen={figure(binding, 'remainingFen')} testId={`explanation-budget-${requestId}`} />
        </div>
      )}
      {nextBest !== null && (
        <div>
          {t('exchange.clearing.nextBest')}{' '}
          <Money
            fen={nextBest.enterpriseFenPerCardHour}
            testId={`explanation-next-best-${requestId}`}
          />{' '}
          {t('exchange.perUnit.card-hour')}
        </div>
      )}
    </div>
  );
}
