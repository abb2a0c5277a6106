import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { depositToWallet } from '../../api/gateway.ts';
import { Money } from '../../components/Money.tsx';
import { ErrorState } from '../../components/states.tsx';
import { yuanToFenString } from '../../format/yuan-input.ts';

interface DepositValues {
  enterpriseId: string;
  amountYuan: string;
  reference: string;
}

interface EnterpriseName {
  id: string;
  name: string;
}

/** Records a payment into an enterprise's MaaS wallet (the operator admin's). */
export function DepositForm() {
  const { t } = useTranslation('operator');
  const [form] = Form.useForm<DepositValues>();
  const client = useQueryClient();
  const [intent, setIntent] = useState(() => crypto.randomUUID());
  const enterprises = useQuery({
    queryKey: ['enterprises'],
    queryFn: () =>
      api.get<{ items: EnterpriseName[] }>('/api/v1/enterprises', { query: { limit: 200 } }),
    staleTime: 300_000,
  });
  const deposit = useMutation({
    mutationFn: (values: DepositValues) =>
      depositToWallet(
        values.enterpriseId,
        { amountFen: yuanToFenString(values.amountYuan) ?? '', reference: values.reference },
        intent,
      ),
    onSuccess: async () => {
      setIntent(crypto.randomUUID());
      form.resetFields();
      await client.invalidateQueries({ queryKey: ['gateway-wallet'] });
    },
  });
  return (
    <Card title={t('gateway.deposit')} style={{ marginBottom: 16 }}>
      <Form<DepositValues> form={form} layout="inline" onFinish={(v) => deposit.mutate(v)}>
        <Form.Item name="enterpriseId" label={t('gateway.enterprise')} rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 260 }}
            options={(enterprises.data?.items ?? []).map((e) => ({ value: e.id, label: e.name }))}
            data-testid="deposit-enterprise"
          />
        </Form.Item>
        <Form.Item
          name="amountYuan"
          label={t('gateway.amountYuan')}
          rules={[
            {
              required: true,
              validator: (_, value: string | undefined) =>
                yuanToFenString(value) === undefined || yuanToFenString(value) === '0'
                  ? Promise.reject(new Error(t('gateway.notYuan')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Input inputMode="decimal" data-testid="deposit-amount" />
        </Form.Item>
        <Form.Item name="reference" label={t('gateway.reference')} rules={[{ required: true }]}>
          <Input maxLength={200} data-testid="deposit-reference" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={deposit.isPending} data-testid="deposit">
          {t('gateway.record')}
        </Button>
      </Form>
      {deposit.data !== undefined && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="deposit-done"
          title={
            <>
              {t('gateway.deposited')} <Money fen={deposit.data.walletSettledFen} />
            </>
          }
        />
      )}
      {deposit.error !== null && <ErrorState error={deposit.error} />}
    </Card>
  );
}
