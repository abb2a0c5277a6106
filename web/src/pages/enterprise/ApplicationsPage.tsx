import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApplications, type Application } from '../../api/vouchers.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import { EmptyState, QueryView } from '../../components/states.tsx';

/** The enterprise's applications, newest first, with where each stands. */
export default function ApplicationsPage() {
  const { t } = useTranslation('enterprise');
  const applications = useApplications();
  return (
    <>
      <PageHeader
        title={t('applications.title')}
        intro={t('applications.intro')}
        extra={<Link to="/enterprise/programs">{t('applications.new')}</Link>}
      />
      <QueryView
        query={applications}
        isEmpty={(data) => data.items.length === 0}
        empty={<EmptyState description={t('applications.empty')} />}
      >
        {(data) => (
          <Table<Application>
            rowKey="id"
            dataSource={[...data.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt))}
            pagination={{ pageSize: 20 }}
            scroll={{ x: 800 }}
            columns={[
              {
                title: t('applications.program'),
                render: (_, application) => (
                  <Link to={`/enterprise/applications/${application.id}`}>
                    {application.programId}
                  </Link>
                ),
              },
              { title: t('applications.state'), render: (_, a) => <StateTag state={a.state} /> },
              {
                title: t('applications.requested'),
                align: 'right',
                render: (_, a) => <Money fen={a.requestedFen} />,
              },
              {
                title: t('applications.approved'),
                align: 'right',
                render: (_, a) => (a.approvedFen === null ? '—' : <Money fen={a.approvedFen} />),
              },
              {
                title: t('applications.createdAt'),
                render: (_, a) => <DateText value={a.createdAt} withTime />,
              },
            ]}
          />
        )}
      </QueryView>
    </>
  );
}
