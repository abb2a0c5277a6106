import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  applicationAttachmentKinds,
  applyWithFiles,
  type ApplicationAttachmentKind,
} from '../../api/applications.ts';
import { useProgram } from '../../api/programs.ts';
import { FilePicker, type PickedFile } from '../../components/FilePicker.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import {
  PurchaseFields,
  purchaseOf,
  yuanToFenString,
  type PurchaseValues,
} from '../../components/PurchaseFields.tsx';
import { ErrorState } from '../../components/states.tsx';
import { useLocalized } from '../../i18n/localized.ts';

interface ApplyValues extends PurchaseValues {
  requestedYuan?: string;
  purpose: string;
}

/** Apply for a program's voucher: the planned purchase, the amount asked, the purpose, files. */
export default function ApplyPage() {
  const { t } = useTranslation('enterprise');
  const localized = useLocalized();
  const { programId = '' } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const program = useProgram(programId);
  const [files, setFiles] = useState<PickedFile<ApplicationAttachmentKind>[]>([]);
  const apply = useMutation({
    mutationFn: (values: ApplyValues) => {
      const requestedFen = yuanToFenString(values.requestedYuan);
      return applyWithFiles({
        body: {
          programId,
          plannedPurchase: purchaseOf(values),
          purpose: values.purpose,
          ...(requestedFen === undefined ? {} : { requestedFen }),
        },
        files,
      });
    },
    onSuccess: async (application) => {
      await queryClient.invalidateQueries({ queryKey: ['applications'] });
      await navigate(`/enterprise/applications/${application.id}`);
    },
  });
  const name = program.data === undefined ? programId : localized(program.data.name);
  return (
    <>
      <PageHeader title={t('apply.title', { program: name })} intro={t('apply.intro')} />
      <Card>
        <Form<ApplyValues>
          layout="vertical"
          initialValues={{
            kind: search.get('kind') ?? 'compute',
            amountYuan: search.get('amountYuan') ?? '',
            chipOrigin: search.get('chipOrigin') ?? undefined,
          }}
          onFinish={(values) => apply.mutate(values)}
        >
          <PurchaseFields />
          <Form.Item
            name="requestedYuan"
            label={t('apply.requestedYuan')}
            extra={t('apply.requestedHelp')}
          >
            <Input inputMode="decimal" prefix="¥" data-testid="requested-amount" />
          </Form.Item>
          <Form.Item
            name="purpose"
            label={t('apply.purpose')}
            rules={[{ required: true, whitespace: true, message: t('apply.purposeRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={2000} showCount data-testid="apply-purpose" />
          </Form.Item>
          <Form.Item label={t('apply.files')}>
            <FilePicker
              kinds={applicationAttachmentKinds}
              value={files}
              onChange={setFiles}
              testId="apply-files"
            />
          </Form.Item>
          {apply.error !== null && <ErrorState error={apply.error} />}
          <Button
            type="primary"
            htmlType="submit"
            loading={apply.isPending}
            data-testid="apply-submit"
            style={{ marginTop: 16 }}
          >
            {t('apply.submit')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
