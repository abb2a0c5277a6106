import { Fragment, type ReactNode } from 'react';
import { EmptyState } from './states.tsx';

/**
 * A plain list of items (Ant Design 6.6 deprecates its `List`, and its successor is a
 * virtualised scroller, which short lists do not need). Renders a `<ul>`; `renderItem` returns
 * an `<Item>`.
 *
 * @example
 * <ItemList dataSource={files} renderItem={(file) => <Item actions={[…]}>{file.name}</Item>} />
 */
export function ItemList<T>({
  dataSource,
  renderItem,
  locale,
  header,
  bordered = false,
  size = 'default',
  'data-testid': testId,
}: {
  dataSource: readonly T[];
  renderItem: (item: T, index: number) => ReactNode;
  locale?: { emptyText?: ReactNode };
  header?: ReactNode;
  bordered?: boolean;
  size?: 'small' | 'default';
  'data-testid'?: string;
}) {
  const classes = [
    'item-list',
    bordered ? 'item-list-bordered' : '',
    size === 'small' ? 'item-list-small' : '',
  ];
  return (
    <div className={classes.join(' ').trim()} data-testid={testId}>
      {header !== undefined && <div className="item-list-header">{header}</div>}
      {dataSource.length === 0 ? (
        <div className="item-list-empty">
          {typeof locale?.emptyText === 'string' || locale?.emptyText === undefined ? (
            <EmptyState description={locale?.emptyText} />
          ) : (
            locale.emptyText
          )}
        </div>
      ) : (
        <ul>
          {dataSource.map((item, index) => (
            <Fragment key={index}>{renderItem(item, index)}</Fragment>
          ))}
        </ul>
      )}
    </div>
  );
}

/** One item: its content, and actions at the end of the line. */
export function Item({
  children,
  actions,
  'data-program': program,
}: {
  children: ReactNode;
  actions?: ReactNode[];
  'data-program'?: string;
}) {
  return (
    <li className="item-list-item" data-program={program}>
      <div className="item-list-content">{children}</div>
      {actions !== undefined && actions.length > 0 && (
        <div className="item-list-actions">{actions}</div>
      )}
    </li>
  );
}

/** An item's title and the line under it. */
export function ItemMeta({ title, description }: { title: ReactNode; description?: ReactNode }) {
  return (
    <div className="item-list-meta">
      <div className="item-list-title">{title}</div>
      {description !== undefined && <div className="item-list-description">{description}</div>}
    </div>
  );
}
