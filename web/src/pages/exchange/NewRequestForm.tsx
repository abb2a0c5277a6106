import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, InputNumber, Select, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createComputeRequest, useAccelerators } from '../../api/exchange.ts';
import type { Grant } from '../../api/vouchers.ts';
import { ErrorState } from '../../components/states.tsx';
import { yuanToFenString } from '../../format/yuan-input.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

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
  const [form] = Form.useForm<RequestValues>();
  const client = useQueryClient();
  const accelerators = useAccelerators();
  const [intent, setIntent] = useState(() => crypto.randomUUID());
  const create = useMutation({
    mutationFn: (values: RequestValues) => {
      // Windows start on a whole hour: the next one, plus the days asked for.
      const start = Math.ceil((Date.now() + 1) / HOUR_MS) * HOUR_MS + values.startInDays * DAY_MS;
      return createComputeRequest(
        {
          enterpriseId,
          ...(values.grantId === undefined ? {} : { grantId: values.grantId }),
          quantityUnit: values.quantityUnit,
          quantity: String(values.quantity),
          acceleratorIds: values.acceleratorIds,
          domesticOnly: values.domesticOnly,
          regionCodes: [],
          latencyClass: values.latencyClass,
          window: {
            from: new Date(start).toISOString(),
            to: new Date(start + values.days * DAY_MS).toISOString(),
          },
          maxPriceAfterSubsidy: { per: values.maxPer, fen: yuanToFenString(values.maxYuan) ?? '' },
          splittable: values.splittable,
        },
        intent,
      );
    },
    onSuccess: async () => {
      setIntent(crypto.randomUUID());
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['exchange-requests'] });
    },
  });
  return (
    <Card title={t('exchange.newRequest')} style={{ marginBottom: 16 }}>
      <Form<RequestValues>
        form={form}
        layout="inline"
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
        onFinish={(values) => create.mutate(values)}
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
            options={(accelerators.data?.items ?? []).map((item) => ({
              value: item.id,
              label: `${item.vendor} ${item.model}`,
            }))}
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
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {t('exchange.submitRequest')}
        </Button>
      </Form>
      {create.error !== null && <ErrorState error={create.error} />}
    </Card>
  );
}
