import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Form, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { comparePrograms } from '../../api/calculator.ts';
import { buyNow, type Offer, type Order } from '../../api/exchange.ts';
import type { Grant } from '../../api/vouchers.ts';
import { Money } from '../../components/Money.tsx';
import { ErrorState } from '../../components/states.tsx';
import { minFenOf } from './subsidy-estimate.ts';
import { purchaseAmountFen, purchaseWindow, type PurchaseChoice } from './offer-purchase.ts';
import { shanghaiToday } from '../../format/today.ts';

/**
 * Buy now from one offer: cards and hours, the voucher grant to use, the subsidy the policy
 * engine gives it shown before confirming (the public calculator, capped by what the grant has
 * left, as the exchange caps it), then the order.
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
  const [grantId, setGrantId] = useState<string | undefined>(grants[0]?.id);
  const [intent] = useState(() => crypto.randomUUID());
  const amountFen = purchaseAmountFen(offer, choice);
  const grant = grants.find((candidate) => candidate.id === grantId);
  const estimate = useMutation({
    mutationFn: async () => {
      if (grant === undefined) return 0n;
      const today = shanghaiToday();
      const comparison = await comparePrograms({
        purchase: {
          kind: 'compute',
          amountFen: amountFen.toString(),
          contractId: `preview-${offer.id}`,
          contractAmountFen: amountFen.toString(),
          contractSignedOn: today,
          providerId: offer.providerId,
          chipOrigin: offer.accelerator.origin,
          providerRegionCode: offer.regionCode,
          date: today,
        },
      });
      const evaluation = comparison.ranking.find((item) => item.programId === grant.programId);
      return minFenOf(BigInt(evaluation?.subsidyFen ?? '0'), BigInt(grant.committedFen));
    },
  });
  const buy = useMutation({
    mutationFn: () =>
      buyNow(
        offer.id,
        {
          enterpriseId,
          cards: choice.cards,
          window: purchaseWindow(offer, choice.hours),
          ...(grantId === undefined ? {} : { grantId }),
        },
        intent,
      ),
    onSuccess: async (order) => {
      await client.invalidateQueries({ queryKey: ['exchange-offers'] });
      await client.invalidateQueries({ queryKey: ['exchange-orders'] });
      onBought(order);
    },
  });
  const change = (next: Partial<PurchaseChoice>) => {
    setChoice({ ...choice, ...next });
    estimate.reset();
  };
  const subsidy = estimate.data;
  return (
    <Modal
      open
      title={t('exchange.buyTitle', {
        accelerator: `${offer.accelerator.vendor} ${offer.accelerator.model}`,
      })}
      onCancel={onClose}
      footer={[
        <Button key="estimate" onClick={() => estimate.mutate()} data-testid="estimate-subsidy">
          {t('exchange.estimate')}
        </Button>,
        <Button
          key="buy"
          type="primary"
          disabled={subsidy === undefined}
          loading={buy.isPending}
          onClick={() => buy.mutate()}
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
            onChange={(value) => change({ cards: value ?? 1 })}
            data-testid="buy-cards"
          />
        </Form.Item>
        <Form.Item label={t('exchange.hours', { min: offer.minTermHours })}>
          <InputNumber
            min={offer.minTermHours}
            value={choice.hours}
            onChange={(value) => change({ hours: value ?? offer.minTermHours })}
            data-testid="buy-hours"
          />
        </Form.Item>
        <Form.Item label={t('exchange.grant')}>
          <Select
            allowClear
            value={grantId}
            onChange={(value: string | undefined) => {
              setGrantId(value);
              estimate.reset();
            }}
            placeholder={t('exchange.noGrant')}
            options={grants.map((item) => ({ value: item.id, label: item.programId }))}
            data-testid="buy-grant"
          />
        </Form.Item>
      </Form>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('exchange.amount')}>
          <Money fen={amountFen} testId="buy-amount" />
        </Descriptions.Item>
        {subsidy !== undefined && (
          <>
            <Descriptions.Item label={t('exchange.subsidy')}>
              <Money fen={subsidy} testId="buy-subsidy" />
            </Descriptions.Item>
            <Descriptions.Item label={t('exchange.youPay')}>
              <Money fen={amountFen - subsidy} testId="buy-you-pay" />
            </Descriptions.Item>
          </>
        )}
      </Descriptions>
      {subsidy === undefined && (
        <Alert style={{ marginTop: 12 }} type="info" title={t('exchange.estimateFirst')} />
      )}
      {estimate.error !== null && <ErrorState error={estimate.error} />}
      {buy.error !== null && <ErrorState error={buy.error} />}
    </Modal>
  );
}
