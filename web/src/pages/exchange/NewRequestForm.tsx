import { Form, Input, InputNumber, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { createComputeRequest, useAccelerators } from '../../api/exchange.ts';
import type { Grant } from '../../api/vouchers.ts';
import { yuanToFenString } from '../../format/yuan-input.ts';
import {
  acceleratorOptions,
  ExchangeFormCard,
  positiveYuanRule,
  wholeHourWindow,
} from './ExchangeFormCard.tsx';

interface RequestValues {
  quantityUnit: 'scu' | 'card-hours';
  quantity: number;
  acceleratorIds: string[];
  domesticOnly: boolean;
  latencyClass: 'local' | 'regional' | 'national';
  startInDays: number;
  days: number;
  maxPer: 'card-hour' | 'scu';
  maxYuan: string;
  splittable: boolean;
  grantId?: string;
}

/**
 * Asks the exchange for compute: how much (SCU or card-hours), which accelerators, domestic
 * only or not, how close, when, and the most the enterprise pays after subsidy; the clearing
 * run matches it.
 */
export function NewRequestForm({
  enterpriseId,
  grants,
}: {
  enterpriseId: string;
  grants: readonly Grant[];
}) {
  const { t } = useTranslation('enterprise');
  const accelerators = useAccelerators();
  return (
    <ExchangeFormCard<RequestValues>
      title={t('exchange.newRequest')}
      submitLabel={t('exchange.submitRequest')}
      invalidates="exchange-requests"
      initialValues={{
        quantityUnit: 'card-hours',
        quantity: 100,
        acceleratorIds: [],
        domesticOnly: true,
        latencyClass: 'national',
        startInDays: 0,
        days: 7,
        maxPer: 'card-hour',
        splittable: true,
      }}
      submit={(values, idempotencyKey) =>
        createComputeRequest(
          {
            enterpriseId,
            ...(values.grantId === undefined ? {} : { grantId: values.grantId }),
            quantityUnit: values.quantityUnit,
            quantity: String(values.quantity),
            acceleratorIds: values.acceleratorIds,
            domesticOnly: values.domesticOnly,
            regionCodes: [],
            latencyClass: values.latencyClass,
            // Windows start on a whole hour: the next one, plus the days asked for.
            window: wholeHourWindow(values.startInDays, values.days),
            maxPriceAfterSubsidy: {
              per: values.maxPer,
              fen: yuanToFenString(values.maxYuan) ?? '',
            },
            splittable: values.splittable,
          },
          idempotencyKey,
        )
      }
    >
      <Form.Item name="quantity" label={t('exchange.quantity')} rules={[{ required: true }]}>
        <InputNumber min={1} precision={0} />
      </Form.Item>
      <Form.Item name="quantityUnit" label={t('exchange.unit')}>
        <Select
          options={(['card-hours', 'scu'] as const).map((value) => ({
            value,
            label: t(`exchange.units.${value}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="acceleratorIds" label={t('exchange.accelerators')}>
        <Select
          mode="multiple"
          style={{ minWidth: 200 }}
          placeholder={t('exchange.anyAccelerator')}
          options={acceleratorOptions(accelerators.data?.items)}
        />
      </Form.Item>
      <Form.Item name="domesticOnly" label={t('exchange.domesticOnly')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="latencyClass" label={t('exchange.latencyClass')}>
        <Select
          options={(['local', 'regional', 'national'] as const).map((value) => ({
            value,
            label: t(`exchange.latency.${value}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="startInDays" label={t('exchange.startInDays')}>
        <InputNumber min={0} precision={0} />
      </Form.Item>
      <Form.Item name="days" label={t('exchange.days')}>
        <InputNumber min={1} precision={0} />
      </Form.Item>
      <Form.Item
        name="maxYuan"
        label={t('exchange.maxAfterSubsidy')}
        rules={[positiveYuanRule(t('exchange.notYuan'))]}
      >
        <Input inputMode="decimal" />
      </Form.Item>
      <Form.Item name="maxPer" label={t('exchange.per')}>
        <Select
          options={(['card-hour', 'scu'] as const).map((value) => ({
            value,
            label: t(`exchange.perUnit.${value}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="splittable" label={t('exchange.splittable')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="grantId" label={t('exchange.grant')}>
        <Select
          allowClear
          style={{ minWidth: 180 }}
          placeholder={t('exchange.noGrant')}
          options={grants.map((grant) => ({ value: grant.id, label: grant.programId }))}
        />
      </Form.Item>
    </ExchangeFormCard>
  );
}
