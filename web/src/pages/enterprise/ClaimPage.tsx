import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ItemList, Item } from '../../components/ItemList.tsx';
import { useParams } from 'react-router';
import { submitClaim, useClaim } from '../../api/claims.ts';
import type { TraceEntry } from '../../api/calculator.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PolicyTrace } from '../../components/PolicyTrace.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import { ErrorState, QueryView } from '../../components/states.tsx';
import { EvidenceForm } from './EvidenceForm.tsx';

const TAKES_EVIDENCE = ['draft', 'submitted', 'evidence_complete'];
const REQUIRED = ['invoice', 'payment', 'delivery'];

/** One claim: amounts, evidence (upload while it takes evidence), submission, the trace. */
export default function ClaimPage() {
  const { t } = useTranslation('enterprise');
  const { id = '' } = useParams();
  const claim = useClaim(id);
  const queryClient = useQueryClient();
  const submit = useMutation({
    mutationFn: () => submitClaim(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['claims'] });
      await queryClient.invalidateQueries({ queryKey: ['balances'] });
    },
  });
  const heading = (text: string) => (
    <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
      {text}
    </Typography.Title>
  );
  return (
    <QueryView query={claim}>
      {(data) => {
        const attached = new Set((data.attachments ?? []).map((file) => file.kind));
        const missing = REQUIRED.filter((kind) => !attached.has(kind));
        const trace = Array.isArray(data.policyTrace) ? (data.policyTrace as TraceEntry[]) : [];
        return (
          <>
            <PageHeader title={t('claim.title', { contract: data.contractId })} />
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Card>
                <Descriptions column={{ xs: 1, md: 2 }} data-testid="claim-summary">
                  <Descriptions.Item label={t('grants.state')}>
                    <StateTag state={data.state} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('claims.contractAmountYuan')}>
                    <Money fen={data.contractAmountFen} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('claims.reserved')}>
                    <Money fen={data.reservedFen} testId="claim-reserved" />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('claims.redeemed')}>
                    <Money fen={data.redeemedFen} testId="claim-redeemed" />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('claims.paid')}>
                    <Money fen={data.paidFen} testId="claim-paid" />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('claims.signedOn')}>
                    <DateText value={data.contractSignedOn} />
                  </Descriptions.Item>
                </Descriptions>
                {data.state === 'draft' && (
                  <Button
                    type="primary"
                    onClick={() => submit.mutate()}
                    loading={submit.isPending}
                    data-testid="claim-submit"
                  >
                    {t('claim.submit')}
                  </Button>
                )}
                {submit.error !== null && <ErrorState error={submit.error} />}
              </Card>
              <Card title={heading(t('claim.evidence'))}>
                {missing.length > 0 && TAKES_EVIDENCE.includes(data.state) && (
                  <Alert
                    type="info"
                    showIcon
                    style={{ marginBottom: 12 }}
                    title={t('claim.missing', {
                      kinds: missing.map((kind) => t(`common:files.kinds.${kind}`)).join('、'),
                    })}
                  />
                )}
                <ItemList
                  size="small"
                  data-testid="claim-files"
                  dataSource={data.attachments ?? []}
                  locale={{ emptyText: t('application.noFiles') }}
                  renderItem={(file) => (
                    <Item>
                      <a href={`/api/v1/claims/${id}/attachments/${file.id}`}>{file.filename}</a>
                      <span>{t(`common:files.kinds.${file.kind}`)}</span>
                    </Item>
                  )}
                />
                {TAKES_EVIDENCE.includes(data.state) && <EvidenceForm claimId={id} />}
              </Card>
              {trace.length > 0 && (
                <Card title={heading(t('application.trace'))}>
                  <PolicyTrace trace={trace} />
                </Card>
              )}
            </Space>
          </>
        );
      }}
    </QueryView>
  );
}
