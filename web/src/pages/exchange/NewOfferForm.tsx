import { Form, Input, InputNumber, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { createOffer, useAccelerators } from '../../api/exchange.ts';
import { yuanToFenString } from '../../format/yuan-input.ts';
import {
  acceleratorOptions,
  ExchangeFormCard,
  positiveYuanRule,
  wholeHourWindow,
} from './ExchangeFormCard.tsx';

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
  const accelerators = useAccelerators();
  return (
    <ExchangeFormCard<OfferValues>
      title={t('exchange.newOffer')}
      submitLabel={t('exchange.list')}
      invalidates="exchange-offers"
      initialValues={{
        pue: 1.2,
        greenSharePercent: 50,
        days: 30,
        minTermHours: 1,
        splittable: true,
      }}
      submit={(values, idempotencyKey) =>
        createOffer(
          {
            providerId,
            acceleratorId: values.acceleratorId,
            cardCount: values.cardCount,
            regionCode: values.regionCode,
            // PUE × 1000 and percent × 100 (basis points), whole numbers as the API takes them.
            pueMilli: Math.round(values.pue * 1000),
            greenShareBps: Math.round(values.greenSharePercent * 100),
            pricePerCardHourFen: yuanToFenString(values.priceYuan) ?? '',
            window: wholeHourWindow(0, values.days),
            minTermHours: values.minTermHours,
            splittable: values.splittable,
          },
          idempotencyKey,
        )
      }
    >
      <Form.Item
        name="acceleratorId"
        label={t('exchange.accelerator')}
        rules={[{ required: true }]}
      >
        <Select style={{ minWidth: 200 }} options={acceleratorOptions(accelerators.data?.items)} />
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
        rules={[positiveYuanRule(t('exchange.notYuan'))]}
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
    </ExchangeFormCard>
  );
}
