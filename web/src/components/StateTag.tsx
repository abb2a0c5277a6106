import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

// Solid tags with white text: Ant Design's light presets (green on pale green) fail WCAG AA.
const green = '#15803d';
const blue = '#1d4ed8';
const red = '#b91c1c';
const orange = '#b45309';

const colors: Record<string, string> = {
  active: green,
  approved: green,
  granted: green,
  paid: green,
  redeemed: '#0e7490',
  submitted: blue,
  evidence_complete: blue,
  under_review: blue,
  draft: 'default',
  returned: orange,
  expired: 'default',
  rejected: red,
  void: red,
  voided: red,
  clawed_back: red,
  withdrawn: 'default',
  published: blue,
  closed: 'default',
};

/** A lifecycle state (application, grant, claim, 公示) as a coloured word in the reader's language. */
export function StateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={colors[state] ?? 'default'} data-state={state}>
      {t(`common:state.names.${state}`, { defaultValue: state })}
    </Tag>
  );
}
