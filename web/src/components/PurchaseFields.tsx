import { purchaseKindSchema, chipOriginSchema } from '@contracts/vouchers.ts';
import { Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { yuanToFenString } from '../format/yuan-input.ts';

export { yuanToFenString };

/** The form values of a planned purchase, as typed (amounts in yuan). */
export interface PurchaseValues {
  kind: string;
  amountYuan: string;
  chipOrigin?: string;
  filedModel?: string;
}

/**
 * The fields that describe a purchase: its kind, amount in yuan, and for compute the chip
 * origin (programs rate domestic compute higher), for models whether the model is filed.
 */
export function PurchaseFields() {
  const { t } = useTranslation();
  const kind = Form.useWatch<string | undefined>('kind');
  const yuanRule = {
    validator: (_: unknown, value: string | undefined) =>
      yuanToFenString(value) !== undefined && yuanToFenString(value) !== '0'
        ? Promise.resolve()
        : Promise.reject(new Error(t('common:purchase.amountInvalid'))),
  };
  return (
    <Row gutter={16}>
      <Col xs={24} md={8}>
        <Form.Item name="kind" label={t('common:purchase.kind')} rules={[{ required: true }]}>
          <Select
            options={purchaseKindSchema.options.map((value) => ({
              value,
              label: t(`common:purchase.kinds.${value}`),
            }))}
          />
        </Form.Item>
      </Col>
      <Col xs={24} md={8}>
        <Form.Item name="amountYuan" label={t('common:purchase.amountYuan')} rules={[yuanRule]}>
          <Input inputMode="decimal" prefix="¥" data-testid="purchase-amount" />
        </Form.Item>
      </Col>
      {kind === 'model' ? (
        <Col xs={24} md={8}>
          <Form.Item name="filedModel" label={t('common:purchase.filedModel')}>
            <Select
              options={[
                { value: 'yes', label: t('common:yes') },
                { value: 'no', label: t('common:no') },
              ]}
            />
          </Form.Item>
        </Col>
      ) : (
        <Col xs={24} md={8}>
          <Form.Item name="chipOrigin" label={t('common:purchase.chipOrigin')}>
            <Select
              allowClear
              options={chipOriginSchema.options.map((value) => ({
                value,
                label: t(`common:purchase.origins.${value}`),
              }))}
            />
          </Form.Item>
        </Col>
      )}
    </Row>
  );
}

/** The purchase part of a request body, from the form's values. */
export function purchaseOf(values: PurchaseValues): {
  kind: z.infer<typeof purchaseKindSchema>;
  amountFen: string;
  chipOrigin?: z.infer<typeof chipOriginSchema>;
  filedModel?: boolean;
} {
  const kind = purchaseKindSchema.parse(values.kind);
  const amountFen = yuanToFenString(values.amountYuan) ?? '0';
  return {
    kind,
    amountFen,
    ...(values.chipOrigin === undefined
      ? {}
      : { chipOrigin: chipOriginSchema.parse(values.chipOrigin) }),
    ...(values.filedModel === undefined ? {} : { filedModel: values.filedModel === 'yes' }),
  };
}
