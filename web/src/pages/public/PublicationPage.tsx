import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { fileObjection, usePublicPublication, type PublicEntry } from '../../api/publications.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RegionName, Uscc } from '../../components/PartyText.tsx';
import { ErrorState, QueryView } from '../../components/states.tsx';

interface ObjectionValues {
  entryId?: string;
  body: string;
  contact?: string;
}

/** One 公示 list with its recipients, and the objection form while its window is open. */
export default function PublicationPage() {
  const { t } = useTranslation('public');
  const { id = '' } = useParams();
  const publication = usePublicPublication(id);
  const [form] = Form.useForm<ObjectionValues>();
  const object = useMutation({
    mutationFn: (values: ObjectionValues) =>
      fileObjection(id, {
        body: values.body,
        ...(values.entryId === undefined ? {} : { entryId: values.entryId }),
        ...(values.contact === undefined || values.contact === ''
          ? {}
          : { contact: values.contact }),
      }),
    onSuccess: () => form.resetFields(),
  });
  return (
    <QueryView query={publication}>
      {({ publication: list, entries }) => (
        <>
          <PageHeader
            title={list.title}
            intro={t('publication.window', {
              days: list.objectionWindowDays,
            })}
            extra={
              <Space>
                <a href={`/api/v1/public/publications/${id}.csv`} download>
                  CSV
                </a>
                <a href={`/api/v1/public/publications/${id}.xlsx`} download>
                  XLSX
                </a>
              </Space>
            }
          />
          <Table<PublicEntry>
            rowKey="id"
            dataSource={entries}
            pagination={false}
            scroll={{ x: 800 }}
            style={{ marginBottom: 16 }}
            columns={[
              { title: '#', dataIndex: 'position', width: 48 },
              { title: t('publication.recipient'), dataIndex: 'recipientName' },
              { title: t('publication.uscc'), render: (_, entry) => <Uscc value={entry.uscc} /> },
              {
                title: t('publication.region'),
                render: (_, entry) => <RegionName code={entry.regionCode} />,
              },
              {
                title: t('publication.amount'),
                align: 'right',
                render: (_, entry) => <Money fen={entry.amountFen} />,
              },
              { title: t('publication.purpose'), dataIndex: 'purpose' },
            ]}
          />
          <Card
            title={
              <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
                {t('publication.objection')}
              </Typography.Title>
            }
          >
            {list.state === 'published' ? (
              <>
                <Typography.Paragraph>
                  {t('publication.objectionUntil')}{' '}
                  <DateText value={list.objectionWindowClosesAt} withTime />
                </Typography.Paragraph>
                <Form<ObjectionValues>
                  form={form}
                  layout="vertical"
                  onFinish={(values) => object.mutate(values)}
                >
                  <Form.Item name="entryId" label={t('publication.about')}>
                    <Select
                      allowClear
                      placeholder={t('publication.wholeList')}
                      options={entries.map((entry) => ({
                        value: entry.id,
                        label: `${entry.position}. ${entry.recipientName}`,
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name="body"
                    label={t('publication.body')}
                    rules={[
                      { required: true, whitespace: true, message: t('publication.bodyRequired') },
                    ]}
                  >
                    <Input.TextArea
                      rows={4}
                      maxLength={8000}
                      showCount
                      data-testid="objection-body"
                    />
                  </Form.Item>
                  <Form.Item
                    name="contact"
                    label={t('publication.contact')}
                    extra={t('publication.contactHelp')}
                  >
                    <Input maxLength={800} />
                  </Form.Item>
                  {object.isSuccess && (
                    <Alert
                      type="success"
                      showIcon
                      role="status"
                      title={t('publication.filed')}
                      style={{ marginBottom: 12 }}
                    />
                  )}
                  {object.error !== null && <ErrorState error={object.error} />}
                  <Button
                    type="primary"
                    htmlType="submit"
                    loading={object.isPending}
                    data-testid="objection-submit"
                  >
                    {t('publication.file')}
                  </Button>
                </Form>
              </>
            ) : (
              <Typography.Paragraph>{t('publication.closed')}</Typography.Paragraph>
            )}
          </Card>
        </>
      )}
    </QueryView>
  );
}
