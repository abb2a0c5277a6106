import { Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useVoucherPrograms, type VoucherProgram } from '../../api/operator.ts';

/**
 * The program an operator page shows, kept in the address (`?program=`) so a link or a reload
 * opens the same one; by default the one with the largest budget.
 */
export function useSelectedProgram(): [string | undefined, (programId: string) => void] {
  const programs = useVoucherPrograms();
  const [params, setParams] = useSearchParams();
  const chosen = params.get('program') ?? undefined;
  const first = largestBudget(programs.data?.items ?? [])?.programId;
  const select = (programId: string) => {
    setParams((current) => {
      const next = new URLSearchParams(current);
      next.set('program', programId);
      return next;
    });
  };
  useEffect(() => {
    if (chosen === undefined && first !== undefined) select(first);
    // Only when the list arrives: `select` is a new function every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chosen, first]);
  return [chosen ?? first, select];
}

export function ProgramPicker({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (programId: string) => void;
}) {
  const { t } = useTranslation('operator');
  const programs = useVoucherPrograms();
  return (
    <Select
      aria-label={t('program.pick')}
      style={{ minWidth: 320 }}
      loading={programs.isLoading}
      value={value}
      onChange={onChange}
      options={(programs.data?.items ?? []).map((program) => ({
        value: program.programId,
        label: program.programId,
      }))}
      data-testid="program-picker"
    />
  );
}

/**
 * The program a page opens on when none is chosen: the one with the largest budget (the
 * bureau's main scheme), the list's order breaking ties.
 */
function largestBudget(items: VoucherProgram[]): VoucherProgram | undefined {
  let best: VoucherProgram | undefined;
  for (const item of items) {
    if (best === undefined || BigInt(item.budgetFen ?? 0) > BigInt(best.budgetFen ?? 0))
      best = item;
  }
  return best;
}
