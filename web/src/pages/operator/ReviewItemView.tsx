import { Alert, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApplicationAttachments } from '../../api/applications.ts';
import type { TraceEntry } from '../../api/calculator.ts';
import type { ReviewItem } from '../../api/operator.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { Item, ItemList } from '../../components/ItemList.tsx';
import { PolicyTrace } from '../../components/PolicyTrace.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import { QueryView } from '../../components/states.tsx';
import { useLocalized } from '../../i18n/localized.ts';

/** A trace as stored (a list of steps); anything else shows nothing rather than JSON. */
function traceOf(value: unknown): TraceEntry[] {
  return Array.isArray(value) ? (value as TraceEntry[]) : [];
}

/**
 * What a reviewer decides on: the enterprise, the amounts, the evidence, related-party
 * warnings (the provider checked against the enterprise, the enterprise's related parties, a
 * claim's risk flags) and the policy trace as readable steps.
 */
export function ReviewItemView({ item }: { item: ReviewItem }) {
  const { t } = useTranslation('operator');
  const localized = useLocalized();
  const { application, claim, enterprise } = item;
  const subject = application ?? claim;
  const related = item.relatedParties.filter((party) => party.related);
  const probable = item.relatedParties.filter((party) => !party.related);
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="review-item">
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('review.enterprise')}>
          {enterprise.name} <Typography.Text type="secondary">{enterprise.uscc}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('review.program')}>{subject?.programId}</Descriptions.Item>
        <Descriptions.Item label={t('review.state')}>
          <StateTag state={subject?.state ?? ''} />
        </Descriptions.Item>
        {application !== null && (
          <>
            <Descriptions.Item label={t('review.requested')}>
              <Money fen={application.requestedFen} />
            </Descriptions.Item>
            <Descriptions.Item label={t('review.estimated')}>
              <Money fen={application.estimatedFen} />
            </Descriptions.Item>
            <Descriptions.Item label={t('review.purpose')} span={2}>
              {application.purpose}
            </Descriptions.Item>
          </>
        )}
        {claim !== null && (
          <>
            <Descriptions.Item label={t('review.contract')}>
              {claim.contractId} · <Money fen={claim.contractAmountFen} />
            </Descriptions.Item>
            <Descriptions.Item label={t('review.reserved')}>
              <Money fen={claim.reservedFen} />
            </Descriptions.Item>
            <Descriptions.Item label={t('review.provider')}>
              {item.provider?.name}
            </Descriptions.Item>
          </>
        )}
        <Descriptions.Item label={t('review.budgetLeft')}>
          <Money fen={item.budgetRemainingFen} />
        </Descriptions.Item>
      </Descriptions>
      {item.providerRelation?.related === true && (
        <Alert type="error" showIcon title={t('review.providerRelated')} data-testid="warning" />
      )}
      {item.providerRelation?.needsReview === true && (
        <Alert
          type="warning"
          showIcon
          title={t('review.providerMaybeRelated')}
          data-testid="warning"
        />
      )}
      {item.providerRelation?.reasons.map((reason) => (
        <Typography.Text key={reason.kind} type="secondary">
          {reason.message}
        </Typography.Text>
      ))}
      {(claim?.riskFlags ?? []).map((flag) => (
        <Alert
          key={flag.id}
          type="warning"
          showIcon
          title={localized(flag.reason)}
          data-testid="warning"
        />
      ))}
      <Card size="small" title={t('review.relatedParties')}>
        {item.relatedParties.length === 0 ? (
          <Typography.Text type="secondary">{t('review.noRelatedParties')}</Typography.Text>
        ) : (
          <ItemList
            size="small"
            dataSource={[...related, ...probable]}
            renderItem={(party) => (
              <Item>
                <Tag color={party.related ? 'red' : 'orange'}>
                  {t(party.related ? 'review.related' : 'review.maybeRelated')}
                </Tag>
                {party.party.name} — {party.reasons.map((reason) => reason.message).join('；')}
              </Item>
            )}
          />
        )}
      </Card>
      {application !== null && <ApplicationEvidence applicationId={application.id} />}
      {claim !== null && (
        <Card size="small" title={t('review.evidence')} data-testid="review-evidence">
          <ItemList
            size="small"
            dataSource={claim.attachments ?? []}
            locale={{ emptyText: t('review.noEvidence') }}
            renderItem={(file) => (
              <Item>
                <a
                  href={`/api/v1/claims/${claim.id}/attachments/${file.id}`}
                  target="_blank"
                  rel="noreferrer"
                >
                  {file.filename}
                </a>
                <Tag>{t(`review.evidenceKind.${file.kind}`, { defaultValue: file.kind })}</Tag>
                <DateText value={file.createdAt} />
              </Item>
            )}
          />
        </Card>
      )}
      <Card size="small" title={t('review.trace')}>
        <PolicyTrace trace={traceOf(application?.eligibilityTrace ?? claim?.policyTrace)} />
      </Card>
    </Space>
  );
}

/** The files an application was submitted with (business plan, quote…), each downloadable. */
function ApplicationEvidence({ applicationId }: { applicationId: string }) {
  const { t } = useTranslation('operator');
  const files = useApplicationAttachments(applicationId);
  return (
    <Card size="small" title={t('review.evidence')} data-testid="review-evidence">
      <QueryView query={files}>
        {(list) => (
          <ItemList
            size="small"
            dataSource={list.items}
            locale={{ emptyText: t('review.noEvidence') }}
            renderItem={(file) => (
              <Item>
                <a
                  href={`/api/v1/applications/${applicationId}/attachments/${file.id}`}
                  target="_blank"
                  rel="noreferrer"
                >
                  {file.filename}
                </a>
                <Tag>{t(`common:files.kinds.${file.kind}`)}</Tag>
              </Item>
            )}
          />
        )}
      </QueryView>
    </Card>
  );
}
