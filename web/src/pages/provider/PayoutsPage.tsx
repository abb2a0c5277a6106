import { Card, Col, Row, Statistic, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useClaims, type Claim } from '../../api/vouchers.ts';
import { DateText } from '../../components/DateText.tsx';
import { ExportLinks } from '../../components/ExportLinks.tsx';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, QueryView } from '../../components/states.tsx';

/** Sums fen given as decimal strings, exactly (bigint). */
function sumFen(values: readonly string[]): bigint {
  return values.reduce((total, value) => total + BigInt(value), 0n);
}

/**
 * Payouts and statements: what the programs paid out on the provider's contracts, what is
 * redeemed and still to be paid (it waits for its 公示 list), and the files to reconcile with.
 */
export default function PayoutsPage() {
  const { t } = useTranslation('provider');
  const claims = useClaims();
  return (
    <>
      <PageHeader title={t('payouts.title')} intro={t('payouts.intro')} />
      <QueryView query={claims}>
        {(data) => {
          const paid = data.items.filter((claim) => BigInt(claim.paidFen) > 0n);
          const paidFen = sumFen(paid.map((claim) => claim.paidFen));
          const awaitingFen = sumFen(
            data.items
              .filter((claim) => claim.state === 'redeemed')
              .map((claim) => (BigInt(claim.redeemedFen) - BigInt(claim.paidFen)).toString()),
          );
          return (
            <>
              <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
                <Col xs={24} md={12}>
                  <Card>
                    <Statistic
                      title={t('payouts.paid')}
                      valueRender={() => <Money fen={paidFen} testId="payouts-paid" />}
                    />
                  </Card>
                </Col>
                <Col xs={24} md={12}>
                  <Card>
                    <Statistic
                      title={t('payouts.awaiting')}
                      valueRender={() => <Money fen={awaitingFen} />}
                    />
                  </Card>
                </Col>
              </Row>
              {paid.length === 0 ? (
                <EmptyState description={t('payouts.empty')} />
              ) : (
                <Table<Claim>
                  rowKey="id"
                  dataSource={paid}
                  pagination={{ pageSize: 20 }}
                  scroll={{ x: 700 }}
                  style={{ marginBottom: 16 }}
                  columns={[
                    { title: t('claims.contract'), dataIndex: 'contractId' },
                    { title: t('claims.program'), dataIndex: 'programId' },
                    {
                      title: t('claims.paid'),
                      align: 'right',
                      render: (_, c) => <Money fen={c.paidFen} />,
                    },
                    {
                      title: t('payouts.updatedAt'),
                      render: (_, c) => <DateText value={c.updatedAt} withTime />,
                    },
                  ]}
                />
              )}
            </>
          );
        }}
      </QueryView>
      <ExportLinks />
    </>
  );
}
