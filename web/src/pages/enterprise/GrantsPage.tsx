import { Alert, Card, Col, Row, Statistic, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session.ts';
import { useBalances, type Grant } from '../../api/vouchers.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import { QueryView } from '../../components/states.tsx';
import { daysUntil } from '../../format/dates.ts';
import { formatFenShort } from '../../format/money.ts';

/** Grants expiring within this many days are called out (the platform warns at 30/14/7/0). */
const EXPIRY_WARNING_DAYS = 30;

/**
 * My grants: per grant and in total what is settled (redeemed), in flight (claims submitted)
 * and committed (granted, not yet claimed), with a warning for grants about to expire.
 */
export default function GrantsPage() {
  const { t, i18n } = useTranslation('enterprise');
  const me = useMe();
  const balances = useBalances(me.data?.user.tenantId);
  return (
    <>
      <PageHeader title={t('grants.title')} intro={t('grants.intro')} />
      <QueryView query={balances}>
        {(data) => {
          const expiring = data.grants.filter(
            (grant) =>
              grant.state === 'active' &&
              daysUntil(grant.expiresAt.slice(0, 10)) <= EXPIRY_WARNING_DAYS &&
              BigInt(grant.committedFen) > 0n,
          );
          return (
            <>
              <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
                {(['settledFen', 'inFlightFen', 'committedFen'] as const).map((field) => (
                  <Col xs={24} md={8} key={field}>
                    <Card>
                      <Statistic
                        title={t(`grants.${field}`)}
                        value={formatFenShort(data[field], i18n.language)}
                        valueRender={() => <Money fen={data[field]} testId={`balance-${field}`} />}
                      />
                    </Card>
                  </Col>
                ))}
              </Row>
              {expiring.map((grant) => (
                <Alert
                  key={grant.id}
                  type="warning"
                  showIcon
                  style={{ marginBottom: 8 }}
                  data-testid="expiry-warning"
                  title={t('grants.expiring', {
                    program: grant.programId,
                    date: grant.expiresAt.slice(0, 10),
                    days: Math.max(0, daysUntil(grant.expiresAt.slice(0, 10))),
                    amount: formatFenShort(grant.committedFen, i18n.language),
                  })}
                />
              ))}
              <Table<Grant>
                rowKey="id"
                dataSource={data.grants}
                pagination={false}
                scroll={{ x: 900 }}
                columns={[
                  { title: t('grants.program'), dataIndex: 'programId' },
                  {
                    title: t('grants.state'),
                    render: (_, grant) => <StateTag state={grant.state} />,
                  },
                  {
                    title: t('grants.amountFen'),
                    align: 'right',
                    render: (_, g) => <Money fen={g.amountFen} />,
                  },
                  {
                    title: t('grants.settledFen'),
                    align: 'right',
                    render: (_, g) => <Money fen={g.settledFen} testId="grant-settledFen" />,
                  },
                  {
                    title: t('grants.inFlightFen'),
                    align: 'right',
                    render: (_, g) => <Money fen={g.inFlightFen} testId="grant-inFlightFen" />,
                  },
                  {
                    title: t('grants.committedFen'),
                    align: 'right',
                    render: (_, g) => <Money fen={g.committedFen} testId="grant-committedFen" />,
                  },
                  {
                    title: t('grants.expiresAt'),
                    render: (_, g) => <DateText value={g.expiresAt} />,
                  },
                ]}
              />
            </>
          );
        }}
      </QueryView>
    </>
  );
}
