import { CheckCircleTwoTone, CloseCircleTwoTone, InfoCircleTwoTone } from '@ant-design/icons';
import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TraceEntry } from '../api/calculator.ts';
import { useLocalized } from '../i18n/localized.ts';

const icons = {
  applied: <CheckCircleTwoTone twoToneColor="#16a34a" aria-hidden />,
  refused: <CloseCircleTwoTone twoToneColor="#dc2626" aria-hidden />,
  info: <InfoCircleTwoTone twoToneColor="#2563eb" aria-hidden />,
};

/**
 * The policy engine's trace as steps a person reads: each rule's sentence in the reader's
 * language, whether it held, and the clause of the published text it applies. Never JSON.
 */
export function PolicyTrace({ trace }: { trace: readonly TraceEntry[] }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  return (
    <Timeline
      className="policy-trace"
      items={trace.map((entry, index) => ({
        key: `${entry.rule}-${index}`,
        icon: icons[entry.outcome],
        content: (
          <div data-rule={entry.rule} data-outcome={entry.outcome}>
            <span className="visually-hidden">{t(`common:trace.${entry.outcome}`)}</span>
            <Typography.Text strong={entry.rule === 'result'}>
              {localized(entry.message)}
            </Typography.Text>
            {entry.clause !== undefined && (
              <div>
                <Typography.Text type="secondary">
                  {t('common:trace.clause', { clause: entry.clause })}
                </Typography.Text>
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}

/** Only the steps that refused: "exactly why not", for a program one does not qualify for. */
export function refusals(trace: readonly TraceEntry[]): TraceEntry[] {
  return trace.filter((entry) => entry.outcome === 'refused' && entry.rule !== 'result');
}
