import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form } from 'antd';
import type { FormRule } from 'antd';
import { useState, type ReactNode } from 'react';
import type { Accelerator } from '../../api/exchange.ts';
import { ErrorState } from '../../components/states.tsx';
import { yuanToFenString } from '../../format/yuan-input.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The frame the exchange's two "new" forms share (a provider's offer, an enterprise's request):
 * a card with an inline form, one idempotency key per intent (kept across retries, renewed once
 * it succeeds), the form reset and `invalidates` refetched on success, the API's error shown.
 */
export function ExchangeFormCard<Values extends object>({
  title,
  submitLabel,
  initialValues,
  invalidates,
  submit,
  children,
}: {
  title: string;
  submitLabel: string;
  initialValues: Partial<Values>;
  /** The query key of the list the new item joins. */
  invalidates: string;
  submit: (values: Values, idempotencyKey: string) => Promise<unknown>;
  children: ReactNode;
}) {
  const [form] = Form.useForm<Values>();
  const client = useQueryClient();
  const [intent, setIntent] = useState(() => crypto.randomUUID());
  const create = useMutation({
    mutationFn: (values: Values) => submit(values, intent),
    onSuccess: async () => {
      setIntent(crypto.randomUUID());
      form.resetFields();
      await client.invalidateQueries({ queryKey: [invalidates] });
    },
  });
  return (
    <Card title={title} style={{ marginBottom: 16 }}>
      <Form<Values>
        form={form}
        layout="inline"
        initialValues={initialValues}
        onFinish={(values) => create.mutate(values)}
      >
        {children}
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          {submitLabel}
        </Button>
      </Form>
      {create.error !== null && <ErrorState error={create.error} />}
    </Card>
  );
}

/**
 * A window of whole hours as the exchange takes it: from the next whole hour, `startInDays`
 * later, for `days` days.
 */
export function wholeHourWindow(startInDays: number, days: number): { from: string; to: string } {
  const start = Math.ceil((Date.now() + 1) / HOUR_MS) * HOUR_MS + startInDays * DAY_MS;
  return {
    from: new Date(start).toISOString(),
    to: new Date(start + days * DAY_MS).toISOString(),
  };
}

/** The accelerators of the catalog as select options ("Huawei Ascend 910B"). */
export function acceleratorOptions(items: readonly Accelerator[] | undefined) {
  return (items ?? []).map((item) => ({ value: item.id, label: `${item.vendor} ${item.model}` }));
}

/** A required amount in yuan above 0 with at most two decimals; `message` says so. */
export function positiveYuanRule(message: string): FormRule {
  return {
    required: true,
    validator: (_, value: string | undefined) =>
      yuanToFenString(value) === undefined || yuanToFenString(value) === '0'
        ? Promise.reject(new Error(message))
        : Promise.resolve(),
  };
}
