import { Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ItemList, Item } from '../../components/ItemList.tsx';
import { useMe } from '../../app/session.ts';
import { useBalances } from '../../api/vouchers.ts';
import { ExportLinks } from '../../components/ExportLinks.tsx';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryView } from '../../components/states.tsx';

/**
 * Statements and exports: each grant's ledger account statement (every transfer that moved its
 * money) and the enterprise's grants, claims and payouts as files.
 */
export default function StatementsPage() {
  const { t } = useTranslation('enterprise');
  const me = useMe();
  const balances = useBalances(me.data?.user.tenantId);
  return (
    <>
      <PageHeader title={t('statements.title')} intro={t('statements.intro')} />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card
          title={
            <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
              {t('statements.ledger')}
            </Typography.Title>
          }
        >
          <QueryView query={balances} isEmpty={(data) => data.grants.length === 0}>
            {(data) => (
              <ItemList
                dataSource={data.grants}
                renderItem={(grant) => (
                  <Item>
                    <span>
                      {grant.programId} · <Money fen={grant.amountFen} /> ·{' '}
                      {t('statements.account', { code: grant.ledgerAccount.code })}
                    </span>
                    <Space>
                      <a href={grant.ledgerAccount.statementUrls.csv} download>
                        CSV
                      </a>
                      <a href={grant.ledgerAccount.statementUrls.xlsx} download>
                        XLSX
                      </a>
                    </Space>
                  </Item>
                )}
              />
            )}
          </QueryView>
        </Card>
        <ExportLinks />
      </Space>
    </>
  );
}
