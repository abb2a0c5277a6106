import { enterpriseProfileSchema } from '@contracts/program-evaluation.ts';
import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Form,
  Input,
  Row,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { comparePrograms, type CalculatorEnterprise } from '../../api/calculator.ts';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PolicyTrace } from '../../components/PolicyTrace.tsx';
import {
  PurchaseFields,
  purchaseOf,
  type PurchaseValues,
} from '../../components/PurchaseFields.tsx';
import { ErrorState } from '../../components/states.tsx';
import { formatRateBps } from '../../format/money.ts';
import { regionNameOf } from '../../format/parties.ts';
import { shanghaiToday } from '../../format/today.ts';
import { useLocalized } from '../../i18n/localized.ts';

interface CalculatorValues extends PurchaseValues {
  regionCode: string;
  size: CalculatorEnterprise['size'];
  foundedOn: string;
  contractSignedOn: string;
  providerRegionCode?: string;
  date: string;
}

/**
 * "What would my purchase get, and why": every program in force on the date, what each gives
 * alone, what they give stacked, and each one's policy trace as readable steps.
 */
export default function CalculatorPage() {
  const { t, i18n } = useTranslation('public');
  const localized = useLocalized();
  const [form] = Form.useForm<CalculatorValues>();
  const regionCode = Form.useWatch<string | undefined>('regionCode', form);
  const calculate = useMutation({
    mutationFn: (values: CalculatorValues) => {
      const purchase = purchaseOf(values);
      return comparePrograms({
        enterprise: {
          id: 'calculator',
          usccRegionCode: values.regionCode.trim(),
          size: values.size,
          foundedOn: values.foundedOn.trim(),
        },
        purchase: {
          ...purchase,
          contractId: 'calculator',
          contractAmountFen: purchase.amountFen,
          contractSignedOn: values.contractSignedOn.trim(),
          providerId: 'calculator',
          ...(values.providerRegionCode
            ? { providerRegionCode: values.providerRegionCode.trim() }
            : {}),
          date: values.date.trim(),
        },
      });
    },
  });
  const today = shanghaiToday();
  const result = calculate.data;
  return (
    <>
      <PageHeader title={t('calculator.title')} intro={t('calculator.intro')} />
      <Card style={{ marginBottom: 16 }}>
        <Form<CalculatorValues>
          form={form}
          layout="vertical"
          initialValues={{
            regionCode: '330106',
            size: 'small',
            foundedOn: '2021-03-15',
            kind: 'compute',
            amountYuan: '1000000',
            chipOrigin: 'domestic',
            contractSignedOn: today,
            date: today,
          }}
          onFinish={(values) => calculate.mutate(values)}
        >
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="regionCode"
                label={t('calculator.region')}
                extra={
                  regionCode !== undefined && /^\d{6}$/u.test(regionCode)
                    ? regionNameOf(regionCode, i18n.language)
                    : 'GB/T 2260'
                }
                rules={[
                  { required: true, pattern: /^\d{6}$/u, message: t('calculator.regionInvalid') },
                ]}
              >
                <Input inputMode="numeric" maxLength={6} data-testid="calculator-region" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="size" label={t('calculator.size')}>
                <Select
                  options={enterpriseProfileSchema.shape.size.options.map((value) => ({
                    value,
                    label: t(`calculator.sizes.${value}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="foundedOn" label={t('calculator.foundedOn')} extra="YYYY-MM-DD">
                <Input />
              </Form.Item>
            </Col>
          </Row>
          <PurchaseFields />
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="contractSignedOn"
                label={t('calculator.signedOn')}
                extra="YYYY-MM-DD"
              >
                <Input data-testid="calculator-signed-on" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="providerRegionCode" label={t('calculator.providerRegion')}>
                <Input inputMode="numeric" maxLength={6} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="date" label={t('calculator.date')} extra="YYYY-MM-DD">
                <Input />
              </Form.Item>
            </Col>
          </Row>
          <Button
            type="primary"
            htmlType="submit"
            loading={calculate.isPending}
            data-testid="calculate"
          >
            {t('calculator.calculate')}
          </Button>
        </Form>
      </Card>
      {calculate.error !== null && <ErrorState error={calculate.error} />}
      {result !== undefined && (
        <Space
          orientation="vertical"
          size="middle"
          style={{ width: '100%' }}
          data-testid="calculator-result"
        >
          <Alert
            type="info"
            data-testid="calculator-source"
            title={t(
              result.profileSource === 'session' ? 'calculator.fromSession' : 'calculator.fromForm',
            )}
          />
          <Card>
            <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }}>
              {t('calculator.total')}{' '}
              <Money fen={result.stacked.totalSubsidyFen} testId="calculator-total" />
            </Typography.Title>
            <Typography.Paragraph>
              {t('calculator.youPay')} <Money fen={result.stacked.enterpriseShareFen} />
            </Typography.Paragraph>
          </Card>
          <Collapse
            items={result.ranking.map((program) => ({
              key: program.programId,
              label: (
                <Space wrap>
                  <span>{localized(program.name)}</span>
                  {program.eligible ? (
                    <Tag color="#15803d">
                      {formatRateBps(program.rateBps)} · <Money fen={program.subsidyFen} />
                    </Tag>
                  ) : (
                    <Tag>{t('calculator.notEligible')}</Tag>
                  )}
                </Space>
              ),
              children: <PolicyTrace trace={program.trace} />,
            }))}
          />
        </Space>
      )}
    </>
  );
}
