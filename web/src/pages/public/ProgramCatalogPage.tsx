import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useBudgetLeft } from '../../api/budget.ts';
import { usePrograms, type ProgramSummary } from '../../api/programs.ts';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RegionName } from '../../components/PartyText.tsx';
import { QueryView } from '../../components/states.tsx';
import { useLocalized } from '../../i18n/localized.ts';

/** The public catalog: every program, where it applies, whether it is in force, its budget. */
export default function ProgramCatalogPage() {
  const { t } = useTranslation('public');
  const localized = useLocalized();
  const programs = usePrograms();
  return (
    <>
      <PageHeader title={t('catalog.title')} intro={t('catalog.intro')} />
      <QueryView query={programs} isEmpty={(data) => data.items.length === 0}>
        {(data) => (
          <Table<ProgramSummary>
            rowKey="id"
            dataSource={sortInForceFirst(data.items)}
            pagination={false}
            scroll={{ x: 860 }}
            columns={[
              {
                title: t('catalog.name'),
                key: 'name',
                render: (_, program) => (
                  <Link to={`/programs/${program.id}`}>{localized(program.name)}</Link>
                ),
              },
              {
                title: t('catalog.region'),
                key: 'region',
                render: (_, program) => <RegionName code={program.regionCode} />,
              },
              {
                title: t('catalog.status'),
                key: 'status',
                render: (_, program) =>
                  program.inForce === null ? (
                    <Tag>{t('catalog.notInForce')}</Tag>
                  ) : (
                    <Tag color="#15803d">
                      {t('catalog.inForce', { from: program.inForce.effectiveFrom })}
                    </Tag>
                  ),
              },
              {
                title: t('catalog.budget'),
                key: 'budget',
                align: 'right',
                render: (_, program) =>
                  program.inForce?.budgetFen == null ? (
                    '—'
                  ) : (
                    <Money fen={program.inForce.budgetFen} />
                  ),
              },
              {
                title: t('program.left'),
                key: 'left',
                align: 'right',
                render: (_, program) =>
                  program.inForce === null ? '—' : <BudgetLeftCell programId={program.id} />,
              },
            ]}
          />
        )}
      </QueryView>
    </>
  );
}

/** What a program in force has left, from the ledger (public). */
function BudgetLeftCell({ programId }: { programId: string }) {
  const left = useBudgetLeft(programId);
  if (left.data?.opened !== true) return <span>—</span>;
  return <Money fen={left.data.remainingFen} />;
}

/** Programs one can apply to today first, then by id so the order is stable. */
function sortInForceFirst(items: readonly ProgramSummary[]): ProgramSummary[] {
  return [...items].sort(
    (a, b) => Number(b.inForce !== null) - Number(a.inForce !== null) || a.id.localeCompare(b.id),
  );
}
