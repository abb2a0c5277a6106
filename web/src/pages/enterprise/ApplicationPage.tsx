import { Card, Descriptions, Space, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ItemList, Item } from '../../components/ItemList.tsx';
import { Link, useParams } from 'react-router';
import { useApplication, useApplicationAttachments } from '../../api/applications.ts';
import type { TraceEntry } from '../../api/calculator.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PolicyTrace } from '../../components/PolicyTrace.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import { QueryView } from '../../components/states.tsx';

/** One application: its state and amounts, the pre-check's trace, its files and its history. */
export default function ApplicationPage() {
  const { t } = useTranslation('enterprise');
  const { id = '' } = useParams();
  const application = useApplication(id);
  const files = useApplicationAttachments(id);
  return (
    <QueryView query={application}>
      {(data) => (
        <>
          <PageHeader title={t('application.title', { program: data.programId })} />
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card>
              <Descriptions column={{ xs: 1, md: 2 }} data-testid="application-summary">
                <Descriptions.Item label={t('applications.state')}>
                  <StateTag state={data.state} />
                </Descriptions.Item>
                <Descriptions.Item label={t('application.estimated')}>
                  <Money fen={data.estimatedFen} />
                </Descriptions.Item>
                <Descriptions.Item label={t('applications.requested')}>
                  <Money fen={data.requestedFen} />
                </Descriptions.Item>
                <Descriptions.Item label={t('applications.approved')}>
                  {data.approvedFen === null ? '—' : <Money fen={data.approvedFen} />}
                </Descriptions.Item>
                <Descriptions.Item label={t('application.purpose')}>
                  {data.purpose}
                </Descriptions.Item>
                {data.decisionReason !== null && (
                  <Descriptions.Item label={t('application.reason')}>
                    {data.decisionReason}
                  </Descriptions.Item>
                )}
                {data.grantId !== null && (
                  <Descriptions.Item label={t('application.grant')}>
                    <Link to="/enterprise/grants">{t('application.toGrants')}</Link>
                  </Descriptions.Item>
                )}
              </Descriptions>
            </Card>
            <Card
              title={
                <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                  {t('application.files')}
                </Typography.Title>
              }
            >
              <QueryView query={files}>
                {(list) => (
                  <ItemList
                    size="small"
                    data-testid="application-files"
                    dataSource={list.items}
                    locale={{ emptyText: t('application.noFiles') }}
                    renderItem={(file) => (
                      <Item>
                        <a href={`/api/v1/applications/${id}/attachments/${file.id}`}>
                          {file.filename}
                        </a>
                        <span>{t(`common:files.kinds.${file.kind}`)}</span>
                      </Item>
                    )}
                  />
                )}
              </QueryView>
            </Card>
            <Card
              title={
                <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                  {t('application.trace')}
                </Typography.Title>
              }
            >
              <PolicyTrace trace={data.eligibilityTrace as TraceEntry[]} />
            </Card>
            {data.transitions !== undefined && (
              <Card
                title={
                  <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                    {t('application.history')}
                  </Typography.Title>
                }
              >
                <Timeline
                  items={data.transitions.map((transition, index) => ({
                    key: index,
                    content: (
                      <span>
                        <DateText value={transition.at} withTime /> ·{' '}
                        {t(`common:state.names.${transition.to}`, { defaultValue: transition.to })}
                        {transition.reason === null ? '' : ` · ${transition.reason}`}
                      </span>
                    ),
                  }))}
                />
              </Card>
            )}
          </Space>
        </>
      )}
    </QueryView>
  );
}
