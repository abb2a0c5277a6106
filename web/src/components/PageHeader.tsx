import { Typography } from 'antd';
import type { ReactNode } from 'react';

/** A page's one `<h1>` and the sentence that says what the page is for. */
export function PageHeader({
  title,
  intro,
  extra,
}: {
  title: string;
  intro?: string;
  extra?: ReactNode;
}) {
  return (
    <header className="page-header">
      <Typography.Title level={1} className="page-title" style={{ fontSize: 24 }}>
        {title}
      </Typography.Title>
      {intro !== undefined && <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>}
      {extra}
    </header>
  );
}
