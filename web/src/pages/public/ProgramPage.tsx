import { Card, Descriptions, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ItemList, Item, ItemMeta } from '../../components/ItemList.tsx';
import { Link, useParams } from 'react-router';
import { useBudgetLeft } from '../../api/budget.ts';
import { useProgram } from '../../api/programs.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RegionName } from '../../components/PartyText.tsx';
import { QueryView } from '../../components/states.tsx';
import { formatRateBps } from '../../format/money.ts';
import { useLocalized, type Localized } from '../../i18n/localized.ts';

interface RateRule {
  id: string;
  label: Localized;
  rateBps: number;
  order?: number;
  clause?: string;
}
interface Source {
  title: string;
  issuer?: string;
  publishedOn?: string;
  clause?: string;
  url?: string;
}
/** The parts of a published program file this page shows (the file is validated on publish). */
interface Definition {
  issuer?: Localized;
  fiscalYear: number;
  effectiveFrom: string;
  effectiveTo?: string;
  budgetFen?: string;
  rates: RateRule[];
  caps?: Record<string, string>;
  sources: Source[];
}

const heading = (text: string) => (
  <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
    {text}
  </Typography.Title>
);

/** One program: who issues it, its rates and caps, the budget and what is left, its sources. */
export default function ProgramPage() {
  const { t } = useTranslation('public');
  const localized = useLocalized();
  const { id = '' } = useParams();
  const program = useProgram(id);
  const left = useBudgetLeft(id);
  return (
    <QueryView query={program}>
      {(data) => {
        const latest = data.versions.at(-1);
        if (latest === undefined) return null;
        const definition = latest.definition as unknown as Definition;
        const rates = [...definition.rates].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
        return (
          <>
            <PageHeader
              title={localized(data.name)}
              intro={localized(definition.issuer)}
              extra={
                <Link to={`/calculator?programId=${data.id}`}>{t('program.tryCalculator')}</Link>
              }
            />
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Card>
                <Descriptions column={{ xs: 1, md: 2 }} data-testid="program-summary">
                  <Descriptions.Item label={t('catalog.region')}>
                    <RegionName code={data.regionCode} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('program.period')}>
                    <DateText value={definition.effectiveFrom} /> –{' '}
                    <DateText value={definition.effectiveTo ?? null} />
                  </Descriptions.Item>
                  <Descriptions.Item label={t('catalog.budget')}>
                    {definition.budgetFen === undefined ? (
                      '—'
                    ) : (
                      <Money fen={definition.budgetFen} />
                    )}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('program.left')}>
                    {left.data?.opened === true ? (
                      <Money fen={left.data.remainingFen} testId="budget-left" />
                    ) : (
                      t('program.notOpened')
                    )}
                  </Descriptions.Item>
                </Descriptions>
              </Card>
              <Card title={heading(t('program.rates'))}>
                <Table<RateRule>
                  rowKey="id"
                  dataSource={rates}
                  pagination={false}
                  scroll={{ x: 600 }}
                  columns={[
                    { title: t('program.rule'), render: (_, rule) => localized(rule.label) },
                    {
                      title: t('program.rate'),
                      align: 'right',
                      render: (_, rule) => formatRateBps(rule.rateBps),
                    },
                  ]}
                />
              </Card>
              <Card title={heading(t('program.caps'))}>
                <ItemList
                  dataSource={Object.entries(definition.caps ?? {})}
                  locale={{ emptyText: t('program.noCaps') }}
                  renderItem={([name, fen]) => (
                    <Item>
                      <span>{t(`program.capNames.${name}`, { defaultValue: name })}</span>
                      <Money fen={fen} />
                    </Item>
                  )}
                />
              </Card>
              <Card title={heading(t('program.sources'))}>
                <ItemList
                  dataSource={definition.sources}
                  renderItem={(source) => (
                    <Item>
                      <ItemMeta
                        title={
                          source.url === undefined ? (
                            source.title
                          ) : (
                            <a href={source.url} rel="noreferrer noopener" target="_blank">
                              {source.title}
                            </a>
                          )
                        }
                        description={[source.issuer, source.publishedOn, source.clause]
                          .filter(Boolean)
                          .join(' · ')}
                      />
                    </Item>
                  )}
                />
              </Card>
            </Space>
          </>
        );
      }}
    </QueryView>
  );
}
