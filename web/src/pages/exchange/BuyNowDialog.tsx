import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, InputNumber, Modal, Select, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  buyNow,
  quoteBuyNow,
  type BuyNowBody,
  type BuyNowQuote,
  type Offer,
  type Order,
} from '../../api/exchange.ts';
import { ApiError } from '../../api/api-error.ts';
import type { Grant } from '../../api/vouchers.ts';
import { ErrorState } from '../../components/states.tsx';
import { purchaseWindow, type PurchaseChoice } from './offer-purchase.ts';
import { QuoteSummary } from './QuoteSummary.tsx';
import { useDebounced } from './use-debounced.ts';

/** How long the cards, hours and voucher must stay unchanged before the server is asked. */
const QUOTE_DELAY_MS = 300;

/**
 * Buy now from one offer: cards and hours, the voucher grant to use, and the quote — the
 * amount, the subsidy, what the enterprise pays, the rate and why — asked again whenever they
 * change. The server decides the quote with the buy-now's own code, so the order gets exactly
 * it; the purchase can be confirmed only for the request the quote on screen is for.
 */
export function BuyNowDialog({
  offer,
  enterpriseId,
  grants,
  onClose,
  onBought,
}: {
  offer: Offer;
  enterpriseId: string;
  grants: readonly Grant[];
  onClose: () => void;
  onBought: (order: Order) => void;
}) {
  const { t } = useTranslation('enterprise');
  const client = useQueryClient();
  const [choice, setChoice] = useState<PurchaseChoice>({
    cards: Math.min(8, offer.cardsFreeMin ?? offer.cardCount),
    hours: Math.max(offer.minTermHours, 24),
  });
  // The first active grant until the buyer picks (or clears) one: the grants may arrive after
  // the dialog opened, and a purchase must not go without the voucher for being clicked early.
  const [picked, setPicked] = useState<{ grantId: string | undefined } | null>(null);
  const grantId = picked === null ? grants[0]?.id : picked.grantId;
  const [intent] = useState(() => crypto.randomUUID());
  // The window starts from when the dialog opened: the quote and the purchase are for the same hours.
  const [openedAt] = useState(() => new Date());
  const request: BuyNowBody = {
    enterpriseId,
    cards: choice.cards,
    window: purchaseWindow(offer, choice.hours, openedAt),
    ...(grantId === undefined ? {} : { grantId }),
  };
  const requestKey = JSON.stringify(request);
  const settledKey = useDebounced(requestKey, QUOTE_DELAY_MS);
  const quote = useQuery({
    queryKey: ['exchange-quote', offer.id, settledKey],
    queryFn: () => quoteBuyNow(offer.id, JSON.parse(settledKey) as BuyNowBody),
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 0,
  });
  const current = settledKey === requestKey && !quote.isFetching && !quote.isPlaceholderData;
  const buy = useMutation({
    // The figures on screen go with the purchase: if they moved since (409 QUOTE_CHANGED),
    // nothing is bought and the dialog asks for the new quote to confirm.
    mutationFn: (shown: BuyNowQuote) =>
      buyNow(
        offer.id,
        { ...request, expected: { amountFen: shown.amountFen, subsidyFen: shown.subsidyFen } },
        intent,
      ),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'QUOTE_CHANGED') void quote.refetch();
    },
    onSuccess: async (order) => {
      await client.invalidateQueries({ queryKey: ['exchange-offers'] });
      await client.invalidateQueries({ queryKey: ['exchange-orders'] });
      onBought(order);
    },
  });
  return (
    <Modal
      open
      title={t('exchange.buyTitle', {
        accelerator: `${offer.accelerator.vendor} ${offer.accelerator.model}`,
      })}
      onCancel={onClose}
      footer={[
        <Button
          key="buy"
          type="primary"
          disabled={!current || quote.data === undefined || quote.error !== null}
          loading={buy.isPending}
          onClick={() => {
            if (quote.data !== undefined) buy.mutate(quote.data);
          }}
          data-testid="confirm-buy"
        >
          {t('exchange.confirmBuy')}
        </Button>,
      ]}
    >
      <Form layout="vertical">
        <Form.Item label={t('exchange.cards')}>
          <InputNumber
            min={1}
            max={offer.cardsFreeMin ?? offer.cardCount}
            value={choice.cards}
            onChange={(value) => setChoice({ ...choice, cards: value ?? 1 })}
            data-testid="buy-cards"
          />
        </Form.Item>
        <Form.Item label={t('exchange.hours', { min: offer.minTermHours })}>
          <InputNumber
            min={offer.minTermHours}
            value={choice.hours}
            onChange={(value) => setChoice({ ...choice, hours: value ?? offer.minTermHours })}
            data-testid="buy-hours"
          />
        </Form.Item>
        <Form.Item label={t('exchange.grant')}>
          <Select
            allowClear
            value={grantId}
            onChange={(value: string | undefined) => setPicked({ grantId: value })}
            placeholder={t('exchange.noGrant')}
            options={grants.map((item) => ({ value: item.id, label: item.programId }))}
            data-testid="buy-grant"
          />
        </Form.Item>
      </Form>
      <Spin spinning={!current && quote.error === null}>
        {quote.data !== undefined && quote.error === null && <QuoteSummary quote={quote.data} />}
        {quote.data === undefined && quote.error === null && (
          <Alert type="info" title={t('exchange.quote.asking')} />
        )}
      </Spin>
      {quote.error !== null && current && <ErrorState error={quote.error} />}
      {buy.error !== null && <ErrorState error={buy.error} />}
    </Modal>
  );
}
