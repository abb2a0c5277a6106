import { Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMe } from '../../app/session.ts';
import { useBalances, useClaims, type Claim } from '../../api/vouchers.ts';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import { EmptyState, QueryView } from '../../components/states.tsx';
import { NewClaimForm } from './NewClaimForm.tsx';

/** The enterprise's claims and a form to draft a new one under an active grant. */
export default function ClaimsPage() {
  const { t } = useTranslation('enterprise');
  const me = useMe();
  const claims = useClaims();
  const balances = useBalances(me.data?.user.tenantId);
  return (
    <>
      <PageHeader title={t('claims.title')} intro={t('claims.intro')} />
      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {t('claims.new')}
          </Typography.Title>
        }
        style={{ marginBottom: 16 }}
      >
        <QueryView query={balances}>{(data) => <NewClaimForm grants={data.grants} />}</QueryView>
      </Card>
      <QueryView
        query={claims}
        isEmpty={(data) => data.items.length === 0}
        empty={<EmptyState description={t('claims.empty')} />}
      >
        {(data) => (
          <Table<Claim>
            rowKey="id"
            dataSource={[...data.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt))}
            pagination={{ pageSize: 20 }}
            scroll={{ x: 800 }}
            columns={[
              {
                title: t('claims.contractId'),
                render: (_, claim) => (
                  <Link to={`/enterprise/claims/${claim.id}`}>{claim.contractId}</Link>
                ),
              },
              { title: t('grants.program'), dataIndex: 'programId' },
              { title: t('grants.state'), render: (_, c) => <StateTag state={c.state} /> },
              {
                title: t('claims.reserved'),
                align: 'right',
                render: (_, c) => <Money fen={c.reservedFen} />,
              },
              {
                title: t('claims.redeemed'),
                align: 'right',
                render: (_, c) => <Money fen={c.redeemedFen} />,
              },
              {
                title: t('claims.paid'),
                align: 'right',
                render: (_, c) => <Money fen={c.paidFen} />,
              },
            ]}
          />
        )}
      </QueryView>
    </>
  );
}
