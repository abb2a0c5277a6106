import { Button, Card, Col, Row, Segmented, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  REVIEW_PAGE_SIZE,
  useReviewItem,
  useReviewQueue,
  type ReviewKind,
} from '../../api/operator.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, QueryView } from '../../components/states.tsx';
import { useMe } from '../../app/session.ts';
import { ReviewDecision, type Decision } from './ReviewDecision.tsx';
import { ReviewItemView } from './ReviewItemView.tsx';
import { QueueTable } from './ReviewQueueTable.tsx';

/** Keys of the queue: next, previous, and each decision (shown on the page). */
const shortcuts: Record<string, 'next' | 'previous' | Decision> = {
  j: 'next',
  k: 'previous',
  a: 'approve',
  r: 'return',
  x: 'reject',
  d: 'redeem',
};

/** Roles that decide (auditors read the queue but do not decide). */
const deciders = ['operator-admin', 'reviewer'];

/**
 * The review queue: applications waiting for a decision (by arrival) or claims waiting for
 * redemption, one item at a time with its evidence, trace and related-party warnings; J / K for
 * the next and previous item, A / R / X / D for approve, return, reject and redeem.
 */
export default function ReviewQueuePage() {
  const { t } = useTranslation('operator');
  const [params, setParams] = useSearchParams();
  const kind: ReviewKind = params.get('kind') === 'claim' ? 'claim' : 'application';
  const [page, setPage] = useState(1);
  const queue = useReviewQueue(kind, page);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  // The head of the page in view, once that page arrived (not the previous page kept on screen).
  const current = selected ?? (queue.isPlaceholderData ? undefined : queue.data?.items[0]?.id);
  const item = useReviewItem(kind, current);
  // The table shows the page of the item in view: "next" from a page's last item turns the page.
  // (State adjusted while rendering, when the position changes: React's pattern for it.)
  const position = item.data?.queue.position ?? null;
  const [followed, setFollowed] = useState<number | null>(null);
  if (position !== null && position !== followed) {
    setFollowed(position);
    setPage(Math.ceil(position / REVIEW_PAGE_SIZE));
  }
  const [decision, setDecision] = useState<Decision | null>(null);
  const me = useMe();
  const mayDecide = (me.data?.user.roles ?? []).some((role) => deciders.includes(role));
  const allowed = useMemo(
    () => (mayDecide ? (item.data?.decisions ?? []) : []),
    [mayDecide, item.data],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (decision !== null || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target !== null && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      const action = shortcuts[event.key.toLowerCase()];
      if (action === undefined) return;
      if (action === 'next' && item.data?.queue.nextId) setSelected(item.data.queue.nextId);
      else if (action === 'previous' && item.data?.queue.previousId) {
        setSelected(item.data.queue.previousId);
      } else if (action !== 'next' && action !== 'previous' && allowed.includes(action)) {
        setDecision(action);
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [decision, item.data, allowed]);

  return (
    <>
      <PageHeader
        title={t('review.title')}
        intro={t('review.intro')}
        extra={
          <Segmented
            value={kind}
            onChange={(value) => {
              setSelected(undefined);
              setPage(1);
              setParams({ kind: value });
            }}
            options={[
              { value: 'application', label: t('review.applications') },
              { value: 'claim', label: t('review.claims') },
            ]}
          />
        }
      />
      <Typography.Paragraph type="secondary" data-testid="shortcuts">
        {t('review.shortcuts')}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <QueryView query={queue}>
            {(data) => (
              <QueueTable
                data={data}
                current={current}
                onSelect={setSelected}
                onPage={(next) => {
                  setPage(next);
                  setSelected(undefined);
                }}
              />
            )}
          </QueryView>
        </Col>
        <Col xs={24} xl={15}>
          {current === undefined ? (
            <EmptyState description={t('review.empty')} />
          ) : (
            <QueryView query={item}>
              {(data) => (
                <Card
                  title={t('review.position', {
                    position: data.queue.position ?? '—',
                    total: data.queue.total,
                  })}
                  extra={
                    <Space wrap>
                      <Button
                        disabled={data.queue.previousId === null}
                        onClick={() => {
                          setSelected(data.queue.previousId ?? undefined);
                        }}
                      >
                        {t('review.previous')}
                      </Button>
                      <Button
                        disabled={data.queue.nextId === null}
                        onClick={() => {
                          setSelected(data.queue.nextId ?? undefined);
                        }}
                        data-testid="next-item"
                      >
                        {t('review.next')}
                      </Button>
                      {allowed.map((choice) => (
                        <Button
                          key={choice}
                          type={choice === 'approve' || choice === 'redeem' ? 'primary' : 'default'}
                          danger={choice === 'reject'}
                          onClick={() => {
                            setDecision(choice);
                          }}
                          data-testid={`decide-${choice}`}
                        >
                          {t(`review.decision.${choice}`)}
                        </Button>
                      ))}
                    </Space>
                  }
                >
                  <ReviewItemView item={data} />
                </Card>
              )}
            </QueryView>
          )}
        </Col>
      </Row>
      {/* Outside the item's view: a refetch of the item that fails for a moment shows its error
          state there, and must not unmount the open decision (its form would start again). */}
      {decision !== null && item.data !== undefined && (
        <ReviewDecision
          item={item.data}
          decision={decision}
          onClose={() => {
            setDecision(null);
          }}
          onDecided={(decided) => {
            setDecision(null);
            setSelected(decided.queue.nextId ?? undefined);
          }}
        />
      )}
    </>
  );
}
