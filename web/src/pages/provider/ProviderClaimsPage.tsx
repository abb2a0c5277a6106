import { Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useClaims, type Claim } from '../../api/vouchers.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StateTag } from '../../components/StateTag.tsx';
import { QueryView } from '../../components/states.tsx';

/** The claims on the provider's contracts: what each is worth to it and where it stands. */
export default function ProviderClaimsPage() {
  const { t } = useTranslation('provider');
  const claims = useClaims();
  return (
    <>
      <PageHeader title={t('claims.title')} intro={t('claims.intro')} />
      <QueryView query={claims} isEmpty={(data) => data.items.length === 0}>
        {(data) => (
          <Table<Claim>
            rowKey="id"
            dataSource={data.items}
            pagination={{ pageSize: 20 }}
            scroll={{ x: 900 }}
            columns={[
              { title: t('claims.contract'), dataIndex: 'contractId' },
              { title: t('claims.program'), dataIndex: 'programId' },
              { title: t('claims.state'), render: (_, claim) => <StateTag state={claim.state} /> },
              {
                title: t('claims.contractAmount'),
                align: 'right',
                render: (_, c) => <Money fen={c.contractAmountFen} />,
              },
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
              {
                title: t('claims.signedOn'),
                render: (_, c) => <DateText value={c.contractSignedOn} />,
              },
            ]}
          />
        )}
      </QueryView>
    </>
  );
}
