import { Card, Col, Row, Statistic, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useGatewayBalances, type GatewayBalances } from '../../api/gateway.ts';
import { Money } from '../../components/Money.tsx';
import { QueryView } from '../../components/states.tsx';

type Figure = 'settledFen' | 'inFlightFen' | 'committedFen';
const figures: readonly Figure[] = ['settledFen', 'inFlightFen', 'committedFen'];
type VoucherBalance = GatewayBalances['vouchers'][number];

/**
 * The MaaS wallet and model vouchers, settled / in flight / committed, asked again every few
 * seconds: calls in progress lease money and settle it while the page is open.
 */
export function WalletBalances({ enterpriseId }: { enterpriseId: string | undefined }) {
  const { t } = useTranslation('enterprise');
  const balances = useGatewayBalances(enterpriseId);
  return (
    <QueryView query={balances}>
      {(data) => (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} md={6}>
              <Card>
                <Statistic
                  title={t('gatewayUsage.spendable')}
                  valueRender={() => <Money fen={data.spendableFen} testId="gateway-spendable" />}
                />
              </Card>
            </Col>
            {figures.map((figure) => (
              <Col xs={24} md={6} key={figure}>
                <Card>
                  <Statistic
                    title={t(`gatewayUsage.wallet.${figure}`)}
                    valueRender={() => (
                      <Money fen={data.wallet[figure]} testId={`wallet-${figure}`} />
                    )}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          <Table<VoucherBalance>
            rowKey="grantId"
            size="small"
            dataSource={data.vouchers}
            pagination={false}
            locale={{ emptyText: t('gatewayUsage.noVouchers') }}
            columns={[
              { title: t('gatewayUsage.voucherProgram'), dataIndex: 'programId' },
              ...figures.map((figure) => ({
                title: t(`gatewayUsage.wallet.${figure}`),
                align: 'right' as const,
                render: (_: unknown, voucher: VoucherBalance) => <Money fen={voucher[figure]} />,
              })),
            ]}
          />
        </>
      )}
    </QueryView>
  );
}
