import { Button, Form, Input, Modal } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ReviewItem } from '../../api/operator.ts';
import { errorSentence } from '../../api/error-message.ts';
import { validatedValues } from '../../forms/validated-values.ts';
import { shanghaiToday } from '../../format/today.ts';
import { yuanToFenString } from '../../format/yuan-input.ts';
import { fenToYuan } from './yuan-input.ts';

/** The typed yuan as fen, if it is an amount above zero (a grant of nothing is no grant). */
function positiveFen(yuan: string): string | null {
  const fen = yuanToFenString(yuan);
  return fen === undefined || BigInt(fen) === 0n ? null : fen;
}

export type Decision = 'approve' | 'return' | 'reject' | 'redeem';

/**
 * The decision form of one review item: approve with an amount and an expiry day, return or
 * reject with a reason (applications); redeem, or reject with a reason (claims). Sends one
 * request with one Idempotency-Key per opened form, so a double click decides once.
 */
export function ReviewDecision({
  item,
  decision,
  onClose,
  onDecided,
}: {
  item: ReviewItem;
  decision: Decision;
  onClose: () => void;
  /** Told once the decision is recorded, with the item it was about. */
  onDecided: (decided: ReviewItem) => void;
}) {
  const { t } = useTranslation('operator');
  const client = useQueryClient();
  const [form] = Form.useForm<{ amountYuan: string; expiresOn: string; reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const application = item.application;
  const claim = item.claim;
  const needsReason = decision === 'return' || decision === 'reject';
  const submit = async () => {
    const values = await validatedValues(form);
    if (values === null) return;
    setBusy(true);
    setError(null);
    try {
      if (application !== null) {
        const amountFen = decision === 'approve' ? positiveFen(values.amountYuan) : null;
        await api.post(
          `/api/v1/applications/${application.id}/review`,
          decision === 'approve'
            ? {
                decision,
                amountFen,
                expiresOn: values.expiresOn,
                ...(values.reason ? { reason: values.reason } : {}),
              }
            : { decision, reason: values.reason },
          { idempotencyKey },
        );
      } else if (claim !== null) {
        await api.post(
          `/api/v1/claims/${claim.id}/${decision === 'redeem' ? 'redeem' : 'reject'}`,
          decision === 'redeem' ? {} : { reason: values.reason },
          { idempotencyKey },
        );
      }
      await client.invalidateQueries({ queryKey: ['review-queue'] });
      onDecided(item);
    } catch (caught) {
      setError(errorSentence(t, caught));
    } finally {
      setBusy(false);
    }
  };
  const thisYearEnd = `${shanghaiToday().slice(0, 4)}-12-31`;
  return (
    <Modal
      open
      title={t(`review.decision.${decision}`)}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('review.cancel')}
        </Button>,
        <Button
          key="confirm"
          type="primary"
          danger={decision === 'reject'}
          loading={busy}
          onClick={() => void submit()}
          data-testid="confirm-decision"
        >
          {t(`review.decision.${decision}`)}
        </Button>,
      ]}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          amountYuan: fenToYuan(application?.estimatedFen ?? application?.requestedFen ?? '0'),
          expiresOn: thisYearEnd,
          reason: '',
        }}
      >
        {decision === 'approve' && (
          <>
            <Form.Item
              name="amountYuan"
              label={t('review.amountYuan')}
              rules={[
                {
                  validator: (_, value: string) =>
                    positiveFen(value) === null
                      ? Promise.reject(new Error(t('review.amountInvalid')))
                      : Promise.resolve(),
                },
              ]}
            >
              <Input inputMode="decimal" data-testid="approve-amount" />
            </Form.Item>
            <Form.Item name="expiresOn" label={t('review.expiresOn')} rules={[{ required: true }]}>
              <Input type="date" data-testid="approve-expires-on" />
            </Form.Item>
          </>
        )}
        {decision !== 'redeem' && (
          <Form.Item
            name="reason"
            label={t(needsReason ? 'review.reason' : 'review.reasonOptional')}
            rules={needsReason ? [{ required: true, message: t('review.reasonRequired') }] : []}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="decision-reason" />
          </Form.Item>
        )}
        {error !== null && (
          <div role="alert" className="form-error" data-testid="decision-error">
            {error}
          </div>
        )}
      </Form>
    </Modal>
  );
}
