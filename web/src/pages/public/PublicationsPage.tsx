import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePublicPublications, type PublicPublication } from '../../api/publications.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import { QueryView } from '../../components/states.tsx';

/** The public recipient lists (公示): who received how much, and until when one may object. */
export default function PublicationsPage() {
  const { t } = useTranslation('public');
  const publications = usePublicPublications();
  return (
    <>
      <PageHeader title={t('publications.title')} intro={t('publications.intro')} />
      <QueryView query={publications} isEmpty={(data) => data.items.length === 0}>
        {(data) => (
          <Table<PublicPublication>
            rowKey="id"
            dataSource={data.items}
            pagination={{ pageSize: 20 }}
            scroll={{ x: 800 }}
            columns={[
              {
                title: t('publications.name'),
                render: (_, item) => <Link to={`/publications/${item.id}`}>{item.title}</Link>,
              },
              {
                title: t('publications.state'),
                render: (_, item) => <StateTag state={item.state} />,
              },
              { title: t('publications.entries'), dataIndex: 'entryCount', align: 'right' },
              {
                title: t('publications.total'),
                align: 'right',
                render: (_, item) => <Money fen={item.totalFen} />,
              },
              {
                title: t('publications.closesAt'),
                render: (_, item) => <DateText value={item.objectionWindowClosesAt} withTime />,
              },
            ]}
          />
        )}
      </QueryView>
    </>
  );
}
