import { Alert, Button, Empty, Result, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorSentence } from '../api/error-message.ts';
import { ApiError } from '../api/api-error.ts';

/** While data loads: a skeleton where the content will be, announced to screen readers. */
export function LoadingState({ rows = 4 }: { rows?: number }) {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite" aria-busy="true">
      <span className="visually-hidden">{t('common:state.loading')}</span>
      <Skeleton active paragraph={{ rows }} />
    </div>
  );
}

/** Nothing to show: says so in a sentence, with what to do next when there is something. */
export function EmptyState({ description, action }: { description?: string; action?: ReactNode }) {
  const { t } = useTranslation();
  return <Empty description={description ?? t('common:state.empty')}>{action}</Empty>;
}

/**
 * A failed load or action: the error code's sentence in the reader's language, the request id
 * to quote, and a retry when the caller can retry.
 */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="error-state"
      data-error-code={error instanceof ApiError ? error.code : 'UNKNOWN'}
      title={errorSentence(t, error)}
      description={requestId === undefined ? undefined : t('common:state.requestId', { requestId })}
      action={
        onRetry === undefined ? undefined : (
          <Button size="small" onClick={onRetry}>
            {t('common:action.retry')}
          </Button>
        )
      }
    />
  );
}

/** A page the signed-in user's roles do not open. */
export function ForbiddenState() {
  const { t } = useTranslation();
  return (
    <Result
      status="403"
      title={t('common:state.forbiddenTitle')}
      subTitle={t('common:state.forbidden')}
      data-testid="forbidden-state"
    />
  );
}

/**
 * The three states of a query in one place: loading, error (with retry), empty, or the
 * content.
 *
 * @example
 * <QueryView query={programs} isEmpty={(data) => data.items.length === 0}>
 *   {(data) => <ProgramTable items={data.items} />}
 * </QueryView>
 */
export function QueryView<T>({
  query,
  isEmpty,
  empty,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <LoadingState />;
  if (query.error !== null && query.error !== undefined) {
    return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  }
  if (query.data === undefined) return <LoadingState />;
  if (isEmpty?.(query.data) === true) return <>{empty ?? <EmptyState />}</>;
  return <>{children(query.data)}</>;
}
