import { Alert, Button, Descriptions, Space } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { runLedgerVerification } from '../../api/operator.ts';
import { Money } from '../../components/Money.tsx';
import { Item, ItemList } from '../../components/ItemList.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorState } from '../../components/states.tsx';

/**
 * Ledger verification on demand (`suanli ledger verify`): the hash chain and every balance
 * recomputed from the transfers, then every claim and grant of the operator's programs checked
 * against its balances. Shows what was checked, or each problem.
 */
export default function LedgerVerificationPage() {
  const { t } = useTranslation('operator');
  const run = useMutation({ mutationFn: runLedgerVerification });
  const result = run.data;
  return (
    <>
      <PageHeader title={t('ledger.title')} intro={t('ledger.intro')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Button
          type="primary"
          loading={run.isPending}
          onClick={() => {
            run.mutate();
          }}
          data-testid="verify-ledger"
        >
          {t('ledger.run')}
        </Button>
        {run.isError && <ErrorState error={run.error} />}
        {result !== undefined && (
          <div data-testid="verification" data-ok={String(result.ok)}>
            <Alert
              type={result.ok ? 'success' : 'error'}
              showIcon
              title={t(result.ok ? 'ledger.ok' : 'ledger.broken')}
              description={t('ledger.took', { ms: result.durationMs, at: result.startedAt })}
            />
            <Descriptions bordered size="small" column={1} style={{ marginTop: 16 }}>
              <Descriptions.Item label={t('ledger.transfers')}>
                {result.ledger.transfers ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('ledger.accounts')}>
                {result.ledger.accounts ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('ledger.reconciled')}>
                {result.vouchers === null
                  ? t('ledger.notReconciled')
                  : t('ledger.reconciledCounts', {
                      programs: result.vouchers.programs,
                      claims: result.vouchers.claims,
                      grants: result.vouchers.grants,
                    })}
              </Descriptions.Item>
            </Descriptions>
            {result.ledger.problems.length > 0 && (
              <ItemList
                header={t('ledger.problems')}
                bordered
                dataSource={result.ledger.problems}
                renderItem={(problem) => <Item>{problem}</Item>}
              />
            )}
            {(result.vouchers?.findings.length ?? 0) > 0 && (
              <ItemList
                header={t('ledger.findings')}
                bordered
                dataSource={result.vouchers?.findings ?? []}
                renderItem={(finding) => (
                  <Item>
                    {finding.message} ({t('ledger.expected')} <Money fen={finding.expectedFen} />,{' '}
                    {t('ledger.actual')} <Money fen={finding.actualFen} />)
                  </Item>
                )}
              />
            )}
          </div>
        )}
      </Space>
    </>
  );
}
