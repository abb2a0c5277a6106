import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Col, Form, Input, Row, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { evidenceKinds, uploadEvidence, type EvidenceKind } from '../../api/claims.ts';
import { FilePicker, type PickedFile } from '../../components/FilePicker.tsx';
import { yuanToFenString } from '../../components/PurchaseFields.tsx';
import { ErrorState } from '../../components/states.tsx';

interface EvidenceValues {
  kind: EvidenceKind;
  invoiceNumber?: string;
  amountYuan?: string;
}

/**
 * Uploads one piece of evidence: an invoice (its number and amount), a payment proof (the
 * amount paid), the delivery acceptance or the contract. Size and type are checked before the
 * upload; the server checks the bytes and the amounts against the contract.
 */
export function EvidenceForm({ claimId }: { claimId: string }) {
  const { t } = useTranslation('enterprise');
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EvidenceValues>();
  const kind = Form.useWatch<EvidenceKind | undefined>('kind', form);
  const [files, setFiles] = useState<PickedFile<EvidenceKind>[]>([]);
  const upload = useMutation({
    mutationFn: async (values: EvidenceValues) => {
      for (const picked of files) {
        await uploadEvidence({
          claimId,
          file: picked.file,
          kind: values.kind,
          invoiceNumber: values.kind === 'invoice' ? values.invoiceNumber?.trim() : undefined,
          amountFen:
            values.kind === 'invoice' || values.kind === 'payment'
              ? yuanToFenString(values.amountYuan)
              : undefined,
        });
      }
    },
    onSuccess: async () => {
      setFiles([]);
      form.resetFields(['invoiceNumber', 'amountYuan']);
      await queryClient.invalidateQueries({ queryKey: ['claims'] });
    },
  });
  return (
    <Form<EvidenceValues>
      form={form}
      layout="vertical"
      initialValues={{ kind: 'invoice' }}
      onFinish={(values) => upload.mutate(values)}
      data-testid="evidence-form"
    >
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="kind" label={t('claim.evidenceKind')}>
            <Select
              data-testid="evidence-kind"
              options={evidenceKinds.map((value) => ({
                value,
                label: t(`common:files.kinds.${value}`),
              }))}
            />
          </Form.Item>
        </Col>
        {kind === 'invoice' && (
          <Col xs={24} md={8}>
            <Form.Item
              name="invoiceNumber"
              label={t('claim.invoiceNumber')}
              rules={[{ required: true }]}
            >
              <Input data-testid="evidence-invoice-number" inputMode="numeric" />
            </Form.Item>
          </Col>
        )}
        {(kind === 'invoice' || kind === 'payment') && (
          <Col xs={24} md={8}>
            <Form.Item name="amountYuan" label={t('claim.amountYuan')} rules={[{ required: true }]}>
              <Input data-testid="evidence-amount" inputMode="decimal" prefix="¥" />
            </Form.Item>
          </Col>
        )}
      </Row>
      <FilePicker
        kinds={[kind ?? 'invoice']}
        value={files}
        onChange={setFiles}
        testId="evidence-files"
      />
      {upload.error !== null && <ErrorState error={upload.error} />}
      <Button
        type="primary"
        htmlType="submit"
        disabled={files.length === 0}
        loading={upload.isPending}
        data-testid="evidence-upload"
        style={{ marginTop: 12 }}
      >
        {t('claim.upload')}
      </Button>
    </Form>
  );
}
