import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Collapse, Form, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ItemList, Item, ItemMeta } from '../../components/ItemList.tsx';
import { Link } from 'react-router';
import { comparePrograms, type ProgramEvaluation } from '../../api/calculator.ts';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PolicyTrace, refusals } from '../../components/PolicyTrace.tsx';
import {
  PurchaseFields,
  purchaseOf,
  type PurchaseValues,
} from '../../components/PurchaseFields.tsx';
import { ErrorState } from '../../components/states.tsx';
import { formatRateBps } from '../../format/money.ts';
import { shanghaiToday } from '../../format/today.ts';
import { useLocalized } from '../../i18n/localized.ts';

type Ranked = ProgramEvaluation & { name: { 'zh-CN': string; en: string } };

/**
 * Which programs the enterprise qualifies for with a planned purchase (its registered profile
 * and its own year-to-date figures, from the session), what each would give, and for each of
 * the others exactly why not: the trace's refusing steps.
 */
export default function EligibilityPage() {
  const { t } = useTranslation('enterprise');
  const localized = useLocalized();
  const [form] = Form.useForm<PurchaseValues>();
  const check = useMutation({
    mutationFn: (values: PurchaseValues) => {
      const today = shanghaiToday();
      const purchase = purchaseOf(values);
      return comparePrograms({
        purchase: {
          ...purchase,
          contractId: 'planned',
          contractAmountFen: purchase.amountFen,
          // A planned purchase: its contract would be signed today.
          contractSignedOn: today,
          providerId: 'planned',
          date: today,
        },
      });
    },
  });
  const ranking: Ranked[] = check.data?.ranking ?? [];
  const eligible = ranking.filter((program) => program.eligible);
  const others = ranking.filter((program) => !program.eligible);
  const applyLink = (program: Ranked) => {
    const values = form.getFieldsValue();
    const query = new URLSearchParams({
      kind: values.kind,
      amountYuan: values.amountYuan,
      ...(values.chipOrigin === undefined ? {} : { chipOrigin: values.chipOrigin }),
    });
    return `/enterprise/apply/${program.programId}?${query.toString()}`;
  };
  return (
    <>
      <PageHeader title={t('eligibility.title')} intro={t('eligibility.intro')} />
      <Card style={{ marginBottom: 16 }}>
        <Form<PurchaseValues>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'compute', amountYuan: '1000000', chipOrigin: 'domestic' }}
          onFinish={(values) => check.mutate(values)}
        >
          <PurchaseFields />
          <Button
            type="primary"
            htmlType="submit"
            loading={check.isPending}
            data-testid="check-eligibility"
          >
            {t('eligibility.check')}
          </Button>
        </Form>
      </Card>
      {check.error !== null && <ErrorState error={check.error} />}
      {check.data !== undefined && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <section aria-labelledby="eligible-title" data-testid="eligible-programs">
            <Typography.Title level={2} id="eligible-title" style={{ fontSize: 18 }}>
              {t('eligibility.qualifies', { count: eligible.length })}
            </Typography.Title>
            {eligible.length === 0 && <Alert type="info" title={t('eligibility.none')} />}
            <ItemList
              dataSource={eligible}
              renderItem={(program) => (
                <Item
                  data-program={program.programId}
                  actions={[
                    <Link
                      key="apply"
                      to={applyLink(program)}
                      data-testid={`apply-${program.programId}`}
                    >
                      {t('eligibility.apply')}
                    </Link>,
                  ]}
                >
                  <ItemMeta
                    title={localized(program.name)}
                    description={
                      <Space wrap>
                        <span>
                          {t('eligibility.estimate')} <Money fen={program.subsidyFen} />
                        </span>
                        <Tag>{formatRateBps(program.rateBps)}</Tag>
                        {program.status !== 'granted' && (
                          <Tag color="#b45309">{t(`eligibility.status.${program.status}`)}</Tag>
                        )}
                      </Space>
                    }
                  />
                </Item>
              )}
            />
            {eligible.length > 0 && (
              <Collapse
                items={eligible.map((program) => ({
                  key: program.programId,
                  label: t('eligibility.howComputed', { program: localized(program.name) }),
                  children: <PolicyTrace trace={program.trace} />,
                }))}
              />
            )}
          </section>
          <section aria-labelledby="others-title" data-testid="other-programs">
            <Typography.Title level={2} id="others-title" style={{ fontSize: 18 }}>
              {t('eligibility.others', { count: others.length })}
            </Typography.Title>
            <ItemList
              dataSource={others}
              renderItem={(program) => (
                <Item data-program={program.programId}>
                  <ItemMeta
                    title={localized(program.name)}
                    description={
                      <ul className="why-not">
                        {refusals(program.trace).map((entry, index) => (
                          <li key={`${entry.rule}-${index}`} data-rule={entry.rule}>
                            {localized(entry.message)}
                          </li>
                        ))}
                      </ul>
                    }
                  />
                </Item>
              )}
            />
          </section>
        </Space>
      )}
    </>
  );
}
