import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, InputNumber, Modal, Select, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasAnyRole, useMe } from '../../app/session.ts';
import { updateAccelerator, useAccelerators, type Accelerator } from '../../api/exchange.ts';
import { ErrorState, QueryView } from '../../components/states.tsx';

/** The exchange's accelerator catalog; the operator admin edits an entry in a dialog. */
export function AcceleratorCatalog() {
  const { t } = useTranslation('operator');
  const me = useMe();
  const accelerators = useAccelerators();
  const [editing, setEditing] = useState<Accelerator | undefined>();
  const mayEdit = hasAnyRole(me.data, ['operator-admin']);
  return (
    <Card title={t('exchange.accelerators')} style={{ marginBottom: 16 }}>
      <QueryView query={accelerators}>
        {(data) => (
          <Table<Accelerator>
            rowKey="id"
            size="small"
            dataSource={data.items}
            pagination={false}
            scroll={{ x: 800 }}
            columns={[
              { title: 'ID', render: (_, a) => <code>{a.id}</code> },
              { title: t('exchange.vendor'), dataIndex: 'vendor' },
              { title: t('exchange.model'), dataIndex: 'model' },
              { title: t('exchange.origin'), render: (_, a) => t(`exchange.origins.${a.origin}`) },
              { title: t('exchange.memoryGb'), dataIndex: 'memoryGb', align: 'right' },
              { title: 'FP16 TFLOPS', dataIndex: 'fp16DenseTflops', align: 'right' },
              { title: t('exchange.powerWatts'), dataIndex: 'powerWatts', align: 'right' },
              {
                title: '',
                render: (_, a) => (
                  <Button size="small" disabled={!mayEdit} onClick={() => setEditing(a)}>
                    {t('exchange.edit')}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </QueryView>
      {editing !== undefined && (
        <AcceleratorDialog accelerator={editing} onClose={() => setEditing(undefined)} />
      )}
    </Card>
  );
}

function AcceleratorDialog({
  accelerator,
  onClose,
}: {
  accelerator: Accelerator;
  onClose: () => void;
}) {
  const { t } = useTranslation('operator');
  const [form] = Form.useForm<Omit<Accelerator, 'id'>>();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (values: Omit<Accelerator, 'id'>) => updateAccelerator(accelerator.id, values),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['exchange-accelerators'] });
      onClose();
    },
  });
  const initial: Omit<Accelerator, 'id'> = {
    vendor: accelerator.vendor,
    model: accelerator.model,
    origin: accelerator.origin,
    memoryGb: accelerator.memoryGb,
    fp16DenseTflops: accelerator.fp16DenseTflops,
    powerWatts: accelerator.powerWatts,
  };
  return (
    <Modal
      open
      title={t('exchange.editAccelerator', { id: accelerator.id })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="vendor" label={t('exchange.vendor')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="model" label={t('exchange.model')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="origin" label={t('exchange.origin')}>
          <Select
            options={(['domestic', 'imported'] as const).map((value) => ({
              value,
              label: t(`exchange.origins.${value}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="memoryGb" label={t('exchange.memoryGb')}>
          <InputNumber min={1} max={4096} precision={0} />
        </Form.Item>
        <Form.Item name="fp16DenseTflops" label="FP16 TFLOPS">
          <InputNumber min={1} max={100000} precision={0} />
        </Form.Item>
        <Form.Item name="powerWatts" label={t('exchange.powerWatts')}>
          <InputNumber min={1} max={100000} precision={0} />
        </Form.Item>
      </Form>
      {save.error !== null && <ErrorState error={save.error} />}
    </Modal>
  );
}
