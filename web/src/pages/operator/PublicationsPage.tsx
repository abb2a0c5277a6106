import { Alert, Button, Card, Form, Input, InputNumber, Space, Table } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { errorSentence } from '../../api/error-message.ts';
import {
  useObjections,
  usePublications,
  type Objection,
  type Publication,
} from '../../api/operator.ts';
import { useMe } from '../../app/session.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import { QueryView } from '../../components/states.tsx';
import { shanghaiToday } from '../../format/today.ts';
import { ProgramPicker, useSelectedProgram } from './ProgramPicker.tsx';

/**
 * 公示 management: draft a program's list of redeemed claims for a period, publish it (its
 * objection window opens), decide objections, close it after the window; payouts wait for that.
 */
export default function PublicationsPage() {
  const { t } = useTranslation('operator');
  const [programId, setProgramId] = useSelectedProgram();
  const publications = usePublications(programId);
  const client = useQueryClient();
  const me = useMe();
  const isAdmin = me.data?.user.roles.includes('operator-admin') === true;
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const act = async (path: string, body: unknown, done: string) => {
    try {
      await api.post(path, body);
      setOutcome({ ok: true, text: done });
      await client.invalidateQueries({ queryKey: ['publications'] });
      await client.invalidateQueries({ queryKey: ['objections'] });
    } catch (error) {
      setOutcome({ ok: false, text: errorSentence(t, error) });
    }
  };
  return (
    <>
      <PageHeader
        title={t('publications.title')}
        intro={t('publications.intro')}
        extra={<ProgramPicker value={programId} onChange={setProgramId} />}
      />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <div role="status" aria-live="polite">
          {outcome !== null && (
            <Alert
              type={outcome.ok ? 'success' : 'error'}
              showIcon
              title={outcome.text}
              data-testid="publication-outcome"
            />
          )}
        </div>
        {isAdmin && programId !== undefined && (
          <DraftForm
            onCreate={(values) =>
              act('/api/v1/publications', { programId, ...values }, t('publications.drafted'))
            }
          />
        )}
        <QueryView query={publications}>
          {(data) => (
            <Table<Publication>
              rowKey="id"
              size="small"
              dataSource={data.items}
              pagination={false}
              scroll={{ x: 900 }}
              data-testid="publications"
              columns={[
                { title: t('publications.titleColumn'), dataIndex: 'title' },
                { title: t('publications.period'), dataIndex: 'period' },
                { title: t('review.state'), render: (_, p) => <StateTag state={p.state} /> },
                { title: t('publications.entries'), dataIndex: 'entryCount', align: 'right' },
                {
                  title: t('publications.total'),
                  align: 'right',
                  render: (_, p) => <Money fen={p.totalFen} />,
                },
                {
                  title: t('publications.windowCloses'),
                  render: (_, p) =>
                    p.objectionWindowClosesAt === null ? (
                      '—'
                    ) : (
                      <DateText value={p.objectionWindowClosesAt} withTime />
                    ),
                },
                {
                  title: t('payouts.action'),
                  render: (_, p) => (
                    <Space wrap>
                      <Button
                        size="small"
                        onClick={() => {
                          setSelected(p.id);
                        }}
                      >
                        {t('publications.objections')}
                      </Button>
                      {isAdmin && p.state === 'draft' && (
                        <Button
                          size="small"
                          type="primary"
                          data-testid="publish-publication"
                          onClick={() =>
                            void act(
                              `/api/v1/publications/${p.id}/publish`,
                              {},
                              t('publications.publishedDone'),
                            )
                          }
                        >
                          {t('publications.publish')}
                        </Button>
                      )}
                      {isAdmin && p.state === 'published' && (
                        <Button
                          size="small"
                          data-testid="close-publication"
                          onClick={() =>
                            void act(
                              `/api/v1/publications/${p.id}/close`,
                              {},
                              t('publications.closedDone'),
                            )
                          }
                        >
                          {t('publications.close')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </QueryView>
        {selected !== undefined && (
          <Objections
            publicationId={selected}
            onResolve={(objection, resolution, note) =>
              act(
                `/api/v1/objections/${objection.id}/resolve`,
                { resolution, note },
                t('publications.resolvedDone'),
              )
            }
          />
        )}
      </Space>
    </>
  );
}

function DraftForm({
  onCreate,
}: {
  onCreate: (values: {
    period: string;
    title: string;
    objectionWindowDays: number;
  }) => Promise<void>;
}) {
  const { t } = useTranslation('operator');
  const [form] = Form.useForm<{ period: string; title: string; objectionWindowDays: number }>();
  return (
    <Card size="small" title={t('publications.draft')}>
      <Form
        form={form}
        layout="inline"
        initialValues={{ period: shanghaiToday().slice(0, 7), title: '', objectionWindowDays: 7 }}
        onFinish={(values) => void onCreate(values)}
      >
        <Form.Item name="period" label={t('publications.period')} rules={[{ required: true }]}>
          <Input style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="title" label={t('publications.titleColumn')} rules={[{ required: true }]}>
          <Input style={{ width: 320 }} data-testid="draft-title" />
        </Form.Item>
        <Form.Item name="objectionWindowDays" label={t('publications.windowDays')}>
          <InputNumber min={1} max={30} data-testid="draft-window-days" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="draft-create">
          {t('publications.createDraft')}
        </Button>
      </Form>
    </Card>
  );
}

function Objections({
  publicationId,
  onResolve,
}: {
  publicationId: string;
  onResolve: (
    objection: Objection,
    resolution: 'upheld' | 'dismissed',
    note: string,
  ) => Promise<void>;
}) {
  const { t } = useTranslation('operator');
  const objections = useObjections(publicationId);
  const [notes, setNotes] = useState<Record<string, string>>({});
  return (
    <Card size="small" title={t('publications.objections')}>
      <QueryView query={objections}>
        {(data) => (
          <Table<Objection>
            rowKey="id"
            size="small"
            dataSource={data.items}
            pagination={false}
            locale={{ emptyText: t('publications.noObjections') }}
            columns={[
              { title: t('publications.objection'), dataIndex: 'body' },
              { title: t('review.state'), render: (_, o) => <StateTag state={o.state} /> },
              {
                title: t('publications.submitted'),
                render: (_, o) => <DateText value={o.submittedAt} />,
              },
              {
                title: t('payouts.action'),
                render: (_, objection) =>
                  objection.state !== 'open' ? (
                    objection.resolutionNote
                  ) : (
                    <Space wrap>
                      <Input
                        aria-label={t('publications.note')}
                        placeholder={t('publications.note')}
                        value={notes[objection.id] ?? ''}
                        onChange={(event) => {
                          setNotes((current) => ({
                            ...current,
                            [objection.id]: event.target.value,
                          }));
                        }}
                      />
                      {(['dismissed', 'upheld'] as const).map((resolution) => (
                        <Button
                          key={resolution}
                          size="small"
                          danger={resolution === 'upheld'}
                          disabled={(notes[objection.id] ?? '').trim() === ''}
                          onClick={() =>
                            void onResolve(objection, resolution, notes[objection.id] ?? '')
                          }
                        >
                          {t(`publications.${resolution}`)}
                        </Button>
                      ))}
                    </Space>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}
