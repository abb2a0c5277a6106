import { useMutation } from '@tanstack/react-query';
import { Button, Card, Form, Input, InputNumber } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createGatewayKey, type CreatedGatewayKey } from '../../api/gateway.ts';
import { ErrorState } from '../../components/states.tsx';
import { yuanToFenString } from '../../format/yuan-input.ts';

interface NewKeyValues {
  name: string;
  project?: string;
  requestsPerMinute: number;
  tokensPerMinute: number;
  spendLimitDayYuan?: string;
  spendLimitMonthYuan?: string;
}

/** Creates a gateway key with its limits; one Idempotency-Key per intent, so a retry is safe. */
export function NewKeyForm({ onCreated }: { onCreated: (key: CreatedGatewayKey) => void }) {
  const { t } = useTranslation('enterprise');
  const [form] = Form.useForm<NewKeyValues>();
  const [intent, setIntent] = useState(() => crypto.randomUUID());
  // An amount in yuan (two decimals at most), or nothing: no limit.
  const yuanRule = {
    validator: (_: unknown, value: string | undefined) =>
      value === undefined || value.trim() === '' || yuanToFenString(value) !== undefined
        ? Promise.resolve()
        : Promise.reject(new Error(t('gatewayKeys.notYuan'))),
  };
  const create = useMutation({
    mutationFn: (values: NewKeyValues) =>
      createGatewayKey(
        {
          name: values.name,
          project: values.project === undefined || values.project === '' ? null : values.project,
          requestsPerMinute: values.requestsPerMinute,
          tokensPerMinute: values.tokensPerMinute,
          spendLimitDayFen: optionalFen(values.spendLimitDayYuan),
          spendLimitMonthFen: optionalFen(values.spendLimitMonthYuan),
        },
        intent,
      ),
    onSuccess: (key) => {
      setIntent(crypto.randomUUID());
      form.resetFields();
      onCreated(key);
    },
  });
  return (
    <Card title={t('gatewayKeys.newKey')} style={{ marginBottom: 16 }}>
      <Form<NewKeyValues>
        form={form}
        layout="inline"
        initialValues={{ requestsPerMinute: 600, tokensPerMinute: 1_000_000 }}
        onFinish={(values) => create.mutate(values)}
      >
        <Form.Item name="name" label={t('gatewayKeys.name')} rules={[{ required: true }]}>
          <Input data-testid="key-name" maxLength={100} />
        </Form.Item>
        <Form.Item name="project" label={t('gatewayKeys.project')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="requestsPerMinute" label={t('gatewayKeys.requestsPerMinute')}>
          <InputNumber min={1} />
        </Form.Item>
        <Form.Item name="tokensPerMinute" label={t('gatewayKeys.tokensPerMinute')}>
          <InputNumber min={1} />
        </Form.Item>
        <Form.Item
          name="spendLimitDayYuan"
          label={t('gatewayKeys.spendLimitDay')}
          rules={[yuanRule]}
        >
          <Input inputMode="decimal" />
        </Form.Item>
        <Form.Item
          name="spendLimitMonthYuan"
          label={t('gatewayKeys.spendLimitMonth')}
          rules={[yuanRule]}
        >
          <Input inputMode="decimal" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          loading={create.isPending}
          data-testid="create-key"
        >
          {t('gatewayKeys.create')}
        </Button>
      </Form>
      {create.error !== null && <ErrorState error={create.error} />}
    </Card>
  );
}

function optionalFen(yuan: string | undefined): string | null {
  if (yuan === undefined || yuan.trim() === '') return null;
  return yuanToFenString(yuan) ?? null;
}
