import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, InputNumber, Select, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createOffer, useAccelerators } from '../../api/exchange.ts';
import { ErrorState } from '../../components/states.tsx';
import { yuanToFenString } from '../../format/yuan-input.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface OfferValues {
  acceleratorId: string;
  cardCount: number;
  regionCode: string;
  pue: number;
  greenSharePercent: number;
  priceYuan: string;
  days: number;
  minTermHours: number;
  splittable: boolean;
}

/** Lists capacity on the exchange: from the next whole hour for a number of days. */
export function NewOfferForm({ providerId }: { providerId: string }) {
  const { t } = useTranslation('provider');
  const [form] = Form.useForm<OfferValues>();
  const client = useQueryClient();
  const accelerators = useAccelerators();
  const [intent, setIntent] = useState(() => crypto.randomUUID());
  const create = useMutation({
    mutationFn: (values: OfferValues) => {
      const start = Math.ceil((Date.now() + 1) / HOUR_MS) * HOUR_MS;
      return createOffer(
        {
          providerId,
          acceleratorId: values.acceleratorId,
          cardCount: values.cardCount,
          regionCode: values.regionCode,
          // PUE × 1000 and percent × 100 (basis points), both whole numbers as the API takes them.
          pueMilli: Math.round(values.pue * 1000),
          greenShareBps: Math.round(values.greenSharePercent * 100),
          pricePerCardHourFen: yuanToFenString(values.priceYuan) ?? '',
          window: {
            from: new Date(start).toISOString(),
            to: new Date(start + values.days * DAY_MS).toISOString(),
          },
          minTermHours: values.minTermHours,
          splittable: values.splittable,
        },
        intent,
      );
    },
    onSuccess: async () => {
      setIntent(crypto.randomUUID());
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['exchange-offers'] });
    },
  });
  return (
    <Card title={t('exchange.newOffer')} style={{ marginBottom: 16 }}>
      <Form<OfferValues>
        form={form}
        layout="inline"
        initialValues={{
          pue: 1.2,
          greenSharePercent: 50,
          days: 30,
          minTermHours: 1,
          splittable: true,
        }}
        onFinish={(values) => create.mutate(values)}
      >
        <Form.Item
          name="acceleratorId"
          label={t('exchange.accelerator')}
          rules={[{ required: true }]}
        >
          <Select
            style={{ minWidth: 200 }}
            options={(accelerators.data?.items ?? []).map((item) => ({
              value: item.id,
              label: `${item.vendor} ${item.model}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="cardCount" label={t('exchange.cardCount')} rules={[{ required: true }]}>
          <InputNumber min={1} precision={0} />
        </Form.Item>
        <Form.Item
          name="regionCode"
          label={t('exchange.regionCode')}
          rules={[{ required: true, pattern: /^\d{6}$/u, message: t('exchange.regionCodeHint') }]}
        >
          <Input maxLength={6} inputMode="numeric" />
        </Form.Item>
        <Form.Item name="pue" label="PUE">
          <InputNumber min={1} max={3} step={0.01} precision={3} />
        </Form.Item>
        <Form.Item name="greenSharePercent" label={t('exchange.greenSharePercent')}>
          <InputNumber min={0} max={100} precision={2} />
        </Form.Item>
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
        <Form.Item name="days" label={t('exchange.days')}>
          <InputNumber min={1} precision={0} />
        </Form.Item>
        <Form.Item name="minTermHours" label={t('exchange.minTermHours')}>
          <InputNumber min={1} precision={0} />
        </Form.Item>
        <Form.Item name="splittable" label={t('exchange.splittable')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('exchange.list')}
        </Button>
      </Form>
      {create.error !== null && <ErrorState error={create.error} />}
    </Card>
  );
}
