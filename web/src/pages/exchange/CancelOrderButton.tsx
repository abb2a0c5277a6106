import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Modal, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Order } from '../../api/exchange.ts';
import { cancelOrder, quoteCancellation, type CancellationQuote } from '../../api/history.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { ErrorState } from '../../components/states.tsx';

/**
 * Cancel one order of the enterprise: a confirm dialog that states the rule that applies now
 * (before the start everything is released; after, it ends at the next hour with the subsidy
 * scaled) with its figures — both from the server's cancellation quote, the rule the
 * cancellation itself applies — then the cancellation. Shown for active orders not yet over;
 * the quote says when one can no longer be cancelled.
 */
export function CancelOrderButton({ order }: { order: Order }) {
  const { t } = useTranslation('enterprise');
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const quote = useQuery({
    queryKey: ['exchange-cancellation', order.id],
    queryFn: () => quoteCancellation(order.id),
    enabled: open,
    retry: false,
    staleTime: 0,
    gcTime: 0,
  });
  const cancel = useMutation({
    mutationFn: () => cancelOrder(order.id),
    onSuccess: async () => {
      setOpen(false);
      await client.invalidateQueries({ queryKey: ['exchange-orders'] });
    },
  });
  if (!notYetOver(order, new Date())) return null;
  return (
    <>
      <Button
        size="small"
        danger
        data-testid={`cancel-order-${order.contractNumber}`}
        onClick={() => {
          cancel.reset();
          setOpen(true);
        }}
      >
        {t('exchange.cancel.button')}
      </Button>
      <Modal
        open={open}
        // A closed modal keeps its last content mounted: gone, so no stale plan is read.
        destroyOnHidden
        title={t('exchange.cancel.title', { contract: order.contractNumber })}
        onCancel={() => setOpen(false)}
        footer={[
          <Button key="keep" onClick={() => setOpen(false)}>
            {t('exchange.cancel.keep')}
          </Button>,
          <Button
            key="confirm"
            danger
            type="primary"
            disabled={quote.data === undefined || quote.isFetching}
            loading={cancel.isPending}
            onClick={() => cancel.mutate()}
            data-testid="confirm-cancel-order"
          >
            {t('exchange.cancel.confirm')}
          </Button>,
        ]}
      >
        <Spin spinning={quote.isFetching}>
          {quote.data !== undefined && <CancellationTerms cancellation={quote.data} />}
        </Spin>
        {quote.error !== null && <ErrorState error={quote.error} />}
        {cancel.error !== null && <ErrorState error={cancel.error} />}
      </Modal>
    </>
  );
}

/** An active order whose window has not ended: the server's quote decides the rest. */
function notYetOver(order: Order, now: Date): boolean {
  return order.state === 'active' && new Date(order.window.to).getTime() > now.getTime();
}

function CancellationTerms({ cancellation }: { cancellation: CancellationQuote }) {
  const { t } = useTranslation('enterprise');
  if (!cancellation.started) {
    return (
      <>
        <Alert type="info" data-testid="cancel-rule" title={t('exchange.cancel.beforeStart')} />
        <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
          <Descriptions.Item label={t('exchange.cancel.releasedCardHours')}>
            <span data-testid="cancel-released-card-hours">{cancellation.releasedCardHours}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('exchange.cancel.releasedAmount')}>
            <Money fen={BigInt(cancellation.amountFen)} testId="cancel-released-amount" />
          </Descriptions.Item>
          <Descriptions.Item label={t('exchange.cancel.subsidyReturned')}>
            <Money fen={BigInt(cancellation.releasedSubsidyFen)} testId="cancel-subsidy-returned" />
          </Descriptions.Item>
        </Descriptions>
      </>
    );
  }
  const orderedSubsidyFen =
    BigInt(cancellation.subsidyFen) + BigInt(cancellation.releasedSubsidyFen);
  return (
    <>
      <Alert type="warning" data-testid="cancel-rule" title={t('exchange.cancel.afterStart')} />
      <Descriptions column={1} size="small" style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('exchange.cancel.endsAt')}>
          <DateText value={cancellation.endsAt} withTime />
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.cancel.keptCardHours')}>
          <span data-testid="cancel-kept-card-hours">{cancellation.keptCardHours}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.cancel.releasedCardHours')}>
          <span data-testid="cancel-released-card-hours">{cancellation.releasedCardHours}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.cancel.keptSubsidy')}>
          <Money fen={BigInt(cancellation.subsidyFen)} testId="cancel-kept-subsidy" /> /{' '}
          <Money fen={orderedSubsidyFen} />
        </Descriptions.Item>
      </Descriptions>
    </>
  );
}
