import { Button, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReviewQueue } from '../../api/operator.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { StateTag } from '../../components/StateTag.tsx';

/** One page of the review queue, the item in view highlighted, with its pagination control. */
export function QueueTable({
  data,
  current,
  onSelect,
  onPage,
}: {
  data: ReviewQueue;
  current: string | undefined;
  onSelect: (id: string) => void;
  /** Another page chosen in the pagination control (its first item comes into view). */
  onPage: (page: number) => void;
}) {
  const { t } = useTranslation('operator');
  // The test id on a wrapper: the table's own lands on the table, without its pagination.
  return (
    <div data-testid="review-queue">
      <Table
        size="small"
        rowKey="id"
        dataSource={data.items}
        pagination={{
          current: data.page,
          pageSize: data.limit,
          total: data.total,
          showSizeChanger: false,
          size: 'small',
          hideOnSinglePage: true,
          onChange: onPage,
        }}
        locale={{ emptyText: t('review.empty') }}
        rowClassName={(row) => (row.id === current ? 'ant-table-row-selected' : '')}
        onRow={(row) => ({
          onClick: () => {
            onSelect(row.id);
          },
        })}
        columns={[
          {
            title: t('review.enterprise'),
            render: (_, row) => (
              <Button
                type="link"
                size="small"
                onClick={() => {
                  onSelect(row.id);
                }}
                aria-current={row.id === current}
              >
                {row.enterpriseName ?? row.enterpriseId}
              </Button>
            ),
          },
          { title: t('review.state'), render: (_, row) => <StateTag state={row.state} /> },
          {
            title: t('review.amount'),
            align: 'right',
            render: (_, row) => <Money fen={row.amountFen} />,
          },
          { title: t('review.waiting'), render: (_, row) => <DateText value={row.waitingSince} /> },
        ]}
      />
    </div>
  );
}
