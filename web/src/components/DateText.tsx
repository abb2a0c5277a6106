import { formatShanghaiDate, formatShanghaiDateTime } from '../format/dates.ts';

/** An instant or a calendar date, in Asia/Shanghai whatever the reader's clock says. */
export function DateText({
  value,
  withTime = false,
}: {
  value: string | null | undefined;
  withTime?: boolean;
}) {
  if (value === null || value === undefined || value === '') return <span>—</span>;
  const text = withTime ? formatShanghaiDateTime(value) : formatShanghaiDate(value);
  return <time dateTime={value}>{text}</time>;
}
