import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Col, Form, Input, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { createClaim, useProviders } from '../../api/claims.ts';
import type { Grant } from '../../api/vouchers.ts';
import {
  PurchaseFields,
  purchaseOf,
  yuanToFenString,
  type PurchaseValues,
} from '../../components/PurchaseFields.tsx';
import { ErrorState } from '../../components/states.tsx';
import { shanghaiToday } from '../../format/today.ts';

interface ClaimValues extends PurchaseValues {
  grantId: string;
  providerId: string;
  contractId: string;
  contractSignedOn: string;
  contractAmountYuan: string;
}

/**
 * Drafts a claim against a contract under one of the enterprise's active grants; the next page
 * takes its evidence and submits it.
 */
export function NewClaimForm({ grants }: { grants: readonly Grant[] }) {
  const { t } = useTranslation('enterprise');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const providers = useProviders();
  const create = useMutation({
    mutationFn: (values: ClaimValues) =>
      createClaim({
        grantId: values.grantId,
        providerId: values.providerId,
        contractId: values.contractId.trim(),
        // Sent as typed: the server names a day that does not exist (2026-02-30) in its answer.
        contractSignedOn: values.contractSignedOn.trim(),
        contractAmountFen: yuanToFenString(values.contractAmountYuan) ?? values.contractAmountYuan,
        purchase: purchaseOf(values),
      }),
    onSuccess: async (claim) => {
      await queryClient.invalidateQueries({ queryKey: ['claims'] });
      await navigate(`/enterprise/claims/${claim.id}`);
    },
  });
  const active = grants.filter(
    (grant) => grant.state === 'active' && BigInt(grant.committedFen) > 0n,
  );
  return (
    <Form<ClaimValues>
      layout="vertical"
      initialValues={{
        grantId: active[0]?.id,
        kind: 'compute',
        chipOrigin: 'domestic',
        contractSignedOn: shanghaiToday(),
      }}
      onFinish={(values) => create.mutate(values)}
    >
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item name="grantId" label={t('claims.grant')} rules={[{ required: true }]}>
            <Select
              data-testid="claim-grant"
              options={active.map((grant) => ({
                value: grant.id,
                label: `${grant.programId} · ${grant.id.slice(0, 8)}`,
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="providerId"
            label={t('claims.provider')}
            rules={[{ required: true, message: t('claims.providerRequired') }]}
          >
            <Select
              data-testid="claim-provider"
              loading={providers.isPending}
              options={(providers.data?.items ?? []).map((provider) => ({
                value: provider.id,
                label: provider.name,
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="contractId"
            label={t('claims.contractId')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input data-testid="claim-contract-id" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="contractSignedOn"
            label={t('claims.signedOn')}
            extra="YYYY-MM-DD"
            rules={[{ required: true }]}
          >
            <Input data-testid="claim-signed-on" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            name="contractAmountYuan"
            label={t('claims.contractAmountYuan')}
            rules={[{ required: true }]}
          >
            <Input inputMode="decimal" prefix="¥" data-testid="claim-contract-amount" />
          </Form.Item>
        </Col>
      </Row>
      <PurchaseFields />
      {create.error !== null && <ErrorState error={create.error} />}
      <Button
        type="primary"
        htmlType="submit"
        loading={create.isPending}
        data-testid="claim-create"
        style={{ marginTop: 16 }}
      >
        {t('claims.create')}
      </Button>
    </Form>
  );
}
