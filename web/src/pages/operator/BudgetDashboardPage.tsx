import { Alert, Card, Col, Row, Space, Statistic, Table } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useBudgetDashboard, type BudgetDashboard } from '../../api/operator.ts';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { LoadingState, QueryView } from '../../components/states.tsx';
import { useLocalized } from '../../i18n/localized.ts';
import { ProgramPicker, useSelectedProgram } from './ProgramPicker.tsx';

// ECharts loads with this page only.
const BurnDownChart = lazy(async () => ({
  default: (await import('./DashboardCharts.tsx')).BurnDownChart,
}));
const SplitChart = lazy(async () => ({
  default: (await import('./DashboardCharts.tsx')).SplitChart,
}));

const dimensions = ['district', 'industry', 'chipOrigin', 'size'] as const;
const figures = [
  'fundedFen',
  'remainingFen',
  'committedFen',
  'inFlightFen',
  'settledFen',
  'paidOutFen',
] as const;

/**
 * The budget dashboard: budget, granted, committed, in flight, settled and paid; the burn-down
 * against the fiscal year with the day the budget runs out at the current pace; the splits by
 * district, industry, chip origin and size; the domestic-compute share. Every chart's data is
 * also in the page (`data-chart` and a table for screen readers).
 */
export default function BudgetDashboardPage() {
  const { t } = useTranslation('operator');
  const [programId, setProgramId] = useSelectedProgram();
  const dashboard = useBudgetDashboard(programId);
  return (
    <>
      <PageHeader
        title={t('dashboard.title')}
        intro={t('dashboard.intro')}
        extra={<ProgramPicker value={programId} onChange={setProgramId} />}
      />
      <QueryView query={dashboard}>{(data) => <DashboardBody data={data} />}</QueryView>
    </>
  );
}

function DashboardBody({ data }: { data: BudgetDashboard }) {
  const { t } = useTranslation('operator');
  const budget = { ...data.budget, grantedFen: data.grantedFen };
  const burnDown = {
    dates: data.burnDown.map((day) => day.date),
    series: [
      {
        key: 'remainingFen',
        name: t('dashboard.remaining'),
        fen: data.burnDown.map((d) => d.remainingFen),
      },
      {
        key: 'idealRemainingFen',
        name: t('dashboard.ideal'),
        fen: data.burnDown.map((d) => d.idealRemainingFen),
      },
      {
        key: 'paidOutFen',
        name: t('dashboard.paidOut'),
        fen: data.burnDown.map((d) => d.paidOutFen),
      },
    ],
  };
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        {[...figures.slice(0, 2), 'grantedFen' as const, ...figures.slice(2)].map((field) => (
          <Col xs={24} sm={12} md={8} xl={6} key={field}>
            <Card size="small">
              <Statistic
                title={t(`dashboard.${field}`)}
                valueRender={() => <Money fen={budget[field]} testId={`budget-${field}`} />}
              />
            </Card>
          </Col>
        ))}
        <Col xs={24} sm={12} md={8} xl={6}>
          <Card size="small">
            <Statistic
              title={t('dashboard.domesticShare')}
              value={
                data.splits.domesticCompute.shareBps === null
                  ? '—'
                  : `${(data.splits.domesticCompute.shareBps / 100).toFixed(2)} %`
              }
              styles={{ content: { fontSize: 20 } }}
            />
          </Card>
        </Col>
      </Row>
      <Forecast data={data} />
      <Card title={t('dashboard.burnDown', { year: data.fiscalYear.year })}>
        <div
          data-testid="burn-down-chart"
          data-chart={JSON.stringify({ dates: burnDown.dates, series: burnDown.series })}
        >
          <Suspense fallback={<LoadingState rows={6} />}>
            <BurnDownChart
              dates={burnDown.dates}
              series={burnDown.series}
              label={t('dashboard.burnDownLabel', {
                from: data.burnDown[0]?.date ?? data.fiscalYear.from,
                to: data.today,
              })}
            />
          </Suspense>
          <BurnDownTable data={data} />
        </div>
      </Card>
      <Row gutter={[16, 16]}>
        {dimensions.map((dimension) => (
          <Col xs={24} xl={12} key={dimension}>
            <Split data={data} dimension={dimension} />
          </Col>
        ))}
      </Row>
    </Space>
  );
}

function Forecast({ data }: { data: BudgetDashboard }) {
  const { t } = useTranslation('operator');
  const { forecast } = data;
  const message =
    forecast.status === 'runs-out'
      ? t(
          forecast.beforeFiscalYearEnds === true
            ? 'dashboard.runsOutInYear'
            : 'dashboard.runsOutAfterYear',
          {
            date: forecast.runsOutOn,
          },
        )
      : t(`dashboard.${forecast.status === 'exhausted' ? 'exhausted' : 'notBurning'}`);
  return (
    <Alert
      type={
        forecast.status === 'runs-out' && forecast.beforeFiscalYearEnds === true
          ? 'warning'
          : 'info'
      }
      showIcon
      data-testid="forecast"
      data-status={forecast.status}
      data-runs-out-on={forecast.runsOutOn ?? ''}
      title={message}
      description={t('dashboard.method', { days: forecast.windowDays })}
    />
  );
}

/**
 * The burn-down as a table for screen readers (the chart is a picture). Hidden by a wrapper, not
 * on the table itself: a table grows to its content whatever its width says, and at a phone's
 * width its columns of figures reached 22 px past the screen's edge (the page scrolled sideways).
 */
function BurnDownTable({ data }: { data: BudgetDashboard }) {
  const { t } = useTranslation('operator');
  return (
    <div className="visually-hidden">
      <table>
        <caption>{t('dashboard.burnDown', { year: data.fiscalYear.year })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.date')}</th>
            <th scope="col">{t('dashboard.remaining')}</th>
            <th scope="col">{t('dashboard.ideal')}</th>
            <th scope="col">{t('dashboard.paidOut')}</th>
          </tr>
        </thead>
        <tbody>
          {data.burnDown.map((day) => (
            <tr key={day.date}>
              <th scope="row">{day.date}</th>
              <td>{day.remainingFen}</td>
              <td>{day.idealRemainingFen}</td>
              <td>{day.paidOutFen}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Split({
  data,
  dimension,
}: {
  data: BudgetDashboard;
  dimension: (typeof dimensions)[number];
}) {
  const { t } = useTranslation('operator');
  const localized = useLocalized();
  const buckets = data.splits.byDimension[dimension];
  const title = t(`dashboard.by.${dimension}`);
  return (
    <Card title={title} size="small">
      <div
        data-testid={`split-${dimension}`}
        data-chart={JSON.stringify(
          buckets.map((bucket) => ({
            key: bucket.key,
            grantedFen: bucket.grantedFen,
            settledFen: bucket.settledFen,
          })),
        )}
      >
        {buckets.length > 0 && (
          <Suspense fallback={<LoadingState rows={3} />}>
            <SplitChart
              categories={buckets.map((bucket) => localized(bucket.label))}
              granted={buckets.map((bucket) => bucket.grantedFen)}
              settled={buckets.map((bucket) => bucket.settledFen)}
              names={{ granted: t('dashboard.granted'), settled: t('dashboard.settled') }}
              label={title}
            />
          </Suspense>
        )}
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={buckets}
          columns={[
            {
              title: t(`dashboard.dimension.${dimension}`),
              render: (_, bucket) => localized(bucket.label),
            },
            {
              title: t('dashboard.granted'),
              align: 'right',
              render: (_, b) => <Money fen={b.grantedFen} />,
            },
            {
              title: t('dashboard.settled'),
              align: 'right',
              render: (_, b) => <Money fen={b.settledFen} />,
            },
            { title: t('dashboard.enterprises'), align: 'right', dataIndex: 'enterprises' },
          ]}
        />
      </div>
    </Card>
  );
}
