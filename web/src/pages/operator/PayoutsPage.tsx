import { Alert, Button, Segmented, Space, Table } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { errorSentence } from '../../api/error-message.ts';
import { useClaims, type Claim } from '../../api/vouchers.ts';
import { DateText } from '../../components/DateText.tsx';
import { ExportLinks } from '../../components/ExportLinks.tsx';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import { QueryView } from '../../components/states.tsx';
import { useMe } from '../../app/session.ts';

const steps = {
  evidence_complete: { action: 'redeem', label: 'payouts.redeem' },
  redeemed: { action: 'payout', label: 'payouts.payout' },
} as const;
type Step = keyof typeof steps;

/**
 * Redemption and payout: claims with complete evidence to redeem (the policy runs again on the
 * final amounts), and redeemed claims to pay out — which the server allows only after their 公示
 * list closed (a refusal shows its sentence). Paid claims for the record; exports beside them.
 */
export default function PayoutsPage() {
  const { t } = useTranslation('operator');
  const [state, setState] = useState<Step | 'paid'>('redeemed');
  const claims = useClaims({ state });
  const client = useQueryClient();
  // The last action's outcome, above the table: a claim that moved on leaves the list it was in.
  const [outcome, setOutcome] = useState<{ contractId: string; text: string; ok: boolean } | null>(
    null,
  );
  const [busy, setBusy] = useState<string | null>(null);
  const me = useMe();
  const isAdmin = me.data?.user.roles.includes('operator-admin') === true;
  const act = async (claim: Claim, step: Step) => {
    setBusy(claim.id);
    try {
      await api.post(`/api/v1/claims/${claim.id}/${steps[step].action}`);
      setOutcome({ contractId: claim.contractId, text: t(`${steps[step].label}Done`), ok: true });
      await client.invalidateQueries({ queryKey: ['claims'] });
    } catch (error) {
      setOutcome({ contractId: claim.contractId, text: errorSentence(t, error), ok: false });
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <PageHeader title={t('payouts.title')} intro={t('payouts.intro')} />
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Segmented
          value={state}
          onChange={(value) => {
            setState(value as Step | 'paid');
          }}
          options={[
            { value: 'evidence_complete', label: t('payouts.toRedeem') },
            { value: 'redeemed', label: t('payouts.toPay') },
            { value: 'paid', label: t('payouts.paid') },
          ]}
        />
        <div role="status" aria-live="polite">
          {outcome !== null && (
            <Alert
              type={outcome.ok ? 'success' : 'error'}
              showIcon
              data-testid="payout-outcome"
              data-contract={outcome.contractId}
              title={`${outcome.contractId}: ${outcome.text}`}
            />
          )}
        </div>
        <QueryView query={claims}>
          {(data) => (
            <Table<Claim>
              rowKey="id"
              size="small"
              dataSource={data.items}
              pagination={false}
              scroll={{ x: 900 }}
              data-testid="payout-claims"
              columns={[
                { title: t('payouts.contract'), dataIndex: 'contractId' },
                { title: t('payouts.program'), dataIndex: 'programId' },
                { title: t('review.state'), render: (_, c) => <StateTag state={c.state} /> },
                {
                  title: t('payouts.reserved'),
                  align: 'right',
                  render: (_, c) => <Money fen={c.reservedFen} />,
                },
                {
                  title: t('payouts.redeemed'),
                  align: 'right',
                  render: (_, c) => <Money fen={c.redeemedFen} />,
                },
                {
                  title: t('payouts.paidFen'),
                  align: 'right',
                  render: (_, c) => <Money fen={c.paidFen} />,
                },
                { title: t('payouts.updated'), render: (_, c) => <DateText value={c.updatedAt} /> },
                {
                  title: t('payouts.action'),
                  render: (_, claim) => {
                    const step = claim.state in steps ? (claim.state as Step) : null;
                    const mayAct = step === 'evidence_complete' || isAdmin;
                    return (
                      <Space orientation="vertical" size={4}>
                        {step !== null && mayAct && (
                          <Button
                            size="small"
                            type="primary"
                            loading={busy === claim.id}
                            onClick={() => void act(claim, step)}
                            data-testid={`${steps[step].action}-${claim.contractId}`}
                          >
                            {t(steps[step].label)}
                          </Button>
                        )}
                      </Space>
                    );
                  },
                },
              ]}
            />
          )}
        </QueryView>
        <ExportLinks />
      </Space>
    </>
  );
}
