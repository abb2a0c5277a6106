import { Button, Input, Space, Table, Typography } from 'antd';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { AuditEvent } from '../../api/operator.ts';
import { DateText } from '../../components/DateText.tsx';
import { ExportLinks } from '../../components/ExportLinks.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorState, LoadingState } from '../../components/states.tsx';

/**
 * The audit log, newest first, a page at a time: who did what to which entity, with the
 * before and after of each change (personal fields left out where the reader may not see them)
 * and the request id; filtered by entity type or id. Exports beside it.
 */
export default function AuditLogPage() {
  const { t } = useTranslation('operator');
  const [entityType, setEntityType] = useState('');
  const [entityId, setEntityId] = useState('');
  const events = useInfiniteQuery({
    queryKey: ['audit-events', entityType, entityId],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      api.get<{ items: AuditEvent[]; nextCursor: string | null }>('/api/v1/audit-events', {
        query: {
          limit: 50,
          cursor: pageParam,
          entityType: entityType.trim() || undefined,
          entityId: entityId.trim() || undefined,
        },
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const rows = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeader title={t('audit.title')} intro={t('audit.intro')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Space wrap>
          <Input
            aria-label={t('audit.entityType')}
            placeholder={t('audit.entityType')}
            value={entityType}
            onChange={(event) => {
              setEntityType(event.target.value);
            }}
          />
          <Input
            aria-label={t('audit.entityId')}
            placeholder={t('audit.entityId')}
            value={entityId}
            onChange={(event) => {
              setEntityId(event.target.value);
            }}
          />
        </Space>
        {events.isError && (
          <ErrorState error={events.error} onRetry={() => void events.refetch()} />
        )}
        {events.isLoading ? (
          <LoadingState />
        ) : (
          <Table<AuditEvent>
            rowKey="id"
            size="small"
            dataSource={rows}
            pagination={false}
            scroll={{ x: 900 }}
            data-testid="audit-events"
            expandable={{
              expandedRowRender: (event) => (
                <pre style={{ fontSize: 12, whiteSpace: 'pre-wrap', margin: 0 }}>
                  {JSON.stringify({ before: event.before, after: event.after }, null, 2)}
                </pre>
              ),
            }}
            columns={[
              { title: t('audit.seq'), dataIndex: 'seq' },
              {
                title: t('audit.when'),
                render: (_, e) => <DateText value={e.occurredAt} withTime />,
              },
              { title: t('audit.action'), dataIndex: 'action' },
              { title: t('audit.entity'), render: (_, e) => `${e.entity.type} ${e.entity.id}` },
              { title: t('audit.via'), render: (_, e) => e.actor.via },
              {
                title: t('audit.redacted'),
                render: (_, e) =>
                  e.redactedFields.length === 0 ? '—' : e.redactedFields.join(', '),
              },
              {
                title: t('audit.request'),
                render: (_, e) => (
                  <Typography.Text type="secondary">{e.requestId ?? '—'}</Typography.Text>
                ),
              },
            ]}
          />
        )}
        {events.hasNextPage && (
          <Button loading={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
            {t('audit.more')}
          </Button>
        )}
        <ExportLinks />
      </Space>
    </>
  );
}
