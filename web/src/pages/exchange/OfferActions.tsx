import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, InputNumber, Modal, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  updateOffer,
  withdrawOffer,
  type Offer,
  type UpdateOfferBody,
} from '../../api/exchange.ts';
import { ErrorState } from '../../components/states.tsx';
import { yuanToFenString } from '../../format/yuan-input.ts';

const DAY_MS = 24 * 3_600_000;

interface EditValues {
  priceYuan: string;
  cardCount: number;
  days: number;
}

/** Fen as the yuan a person edits: `120050` → `1200.50`. */
function yuanText(fen: string): string {
  const value = BigInt(fen);
  return `${value / 100n}.${(value % 100n).toString().padStart(2, '0')}`;
}

/** Only what the provider changed: the server checks each change against the orders held. */
function changesOf(offer: Offer, values: EditValues): UpdateOfferBody {
  const changes: UpdateOfferBody = {};
  const price = yuanToFenString(values.priceYuan);
  if (price !== undefined && price !== offer.pricePerCardHourFen)
    changes.pricePerCardHourFen = price;
  if (values.cardCount !== offer.cardCount) changes.cardCount = values.cardCount;
  const from = Date.parse(offer.window.from);
  const to = from + values.days * DAY_MS;
  if (to !== Date.parse(offer.window.to)) {
    changes.window = { from: offer.window.from, to: new Date(to).toISOString() };
  }
  return changes;
}

/**
 * A provider's buttons on one of its open offers: edit the price, the cards and the length of
 * the window (for what is not ordered yet; the server refuses fewer cards than orders hold in
 * any hour and says which), and withdraw it (its orders stay).
 */
export function OfferActions({ offer }: { offer: Offer }) {
  const { t } = useTranslation('provider');
  const client = useQueryClient();
  const [form] = Form.useForm<EditValues>();
  const [editing, setEditing] = useState(false);
  const [intent] = useState(() => crypto.randomUUID());
  const refresh = () => client.invalidateQueries({ queryKey: ['exchange-offers'] });
  const edit = useMutation({
    mutationFn: (values: EditValues) => updateOffer(offer.id, changesOf(offer, values)),
    onSuccess: async () => {
      setEditing(false);
      await refresh();
    },
  });
  const withdraw = useMutation({
    mutationFn: () => withdrawOffer(offer.id, intent),
    onSuccess: refresh,
  });
  const days = Math.round((Date.parse(offer.window.to) - Date.parse(offer.window.from)) / DAY_MS);
  return (
    <Space>
      <Button size="small" data-testid={`offer-edit-${offer.id}`} onClick={() => setEditing(true)}>
        {t('exchange.edit')}
      </Button>
      <Popconfirm
        title={t('exchange.withdrawConfirm')}
        onConfirm={() => withdraw.mutate()}
        okText={t('exchange.withdraw')}
      >
        <Button size="small" danger loading={withdraw.isPending}>
          {t('exchange.withdraw')}
        </Button>
      </Popconfirm>
      {withdraw.error !== null && <ErrorState error={withdraw.error} />}
      <Modal
        open={editing}
        title={t('exchange.editTitle')}
        okText={t('exchange.save')}
        confirmLoading={edit.isPending}
        onOk={() => form.submit()}
        onCancel={() => setEditing(false)}
        destroyOnHidden
      >
        <p>{t('exchange.editHint')}</p>
        <Form<EditValues>
          form={form}
          layout="vertical"
          initialValues={{
            priceYuan: yuanText(offer.pricePerCardHourFen),
            cardCount: offer.cardCount,
            days: Math.max(1, days),
          }}
          onFinish={(values) => edit.mutate(values)}
        >
          <Form.Item
            name="priceYuan"
            label={t('exchange.priceYuan')}
            rules={[
              {
                required: true,
                validator: (_, value: string | undefined) =>
                  yuanToFenString(value) === undefined || yuanToFenString(value) === '0'
                    ? Promise.reject(new Error(t('exchange.notYuan')))
                    : Promise.resolve(),
              },
            ]}
          >
            <Input inputMode="decimal" />
          </Form.Item>
          <Form.Item name="cardCount" label={t('exchange.cardCount')} rules={[{ required: true }]}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item name="days" label={t('exchange.days')} rules={[{ required: true }]}>
            <InputNumber min={1} max={92} precision={0} />
          </Form.Item>
        </Form>
        {edit.error !== null && <ErrorState error={edit.error} />}
      </Modal>
    </Space>
  );
}
