import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Popconfirm, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  revokeGatewayKey,
  useGatewayKeys,
  useGatewayPrices,
  type CreatedGatewayKey,
  type GatewayKey,
} from '../../api/gateway.ts';
import { DateText } from '../../components/DateText.tsx';
import { Money } from '../../components/Money.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorState, QueryView } from '../../components/states.tsx';
import { HowToCall } from './HowToCall.tsx';
import { NewKeyForm } from './NewKeyForm.tsx';
import { SecretOnce } from './SecretOnce.tsx';

/**
 * The enterprise's gateway keys: create one (its secret shown once, with a copy button), see
 * each key's limits, revoke one; and how to call the gateway with it.
 */
export default function GatewayKeysPage() {
  const { t } = useTranslation('enterprise');
  const keys = useGatewayKeys();
  const prices = useGatewayPrices();
  const client = useQueryClient();
  const [created, setCreated] = useState<CreatedGatewayKey | undefined>();
  const revoke = useMutation({
    mutationFn: revokeGatewayKey,
    onSuccess: () => client.invalidateQueries({ queryKey: ['gateway-keys'] }),
  });
  return (
    <>
      <PageHeader title={t('gatewayKeys.title')} intro={t('gatewayKeys.intro')} />
      <NewKeyForm
        onCreated={(key) => {
          setCreated(key);
          void client.invalidateQueries({ queryKey: ['gateway-keys'] });
        }}
      />
      {created !== undefined && (
        <SecretOnce created={created} onClose={() => setCreated(undefined)} />
      )}
      {revoke.error !== null && <ErrorState error={revoke.error} />}
      <QueryView query={keys}>
        {(data) => (
          <Table<GatewayKey>
            rowKey="id"
            data-testid="gateway-keys"
            dataSource={data.items}
            pagination={false}
            scroll={{ x: 900 }}
            columns={[
              { title: t('gatewayKeys.name'), dataIndex: 'name' },
              { title: t('gatewayKeys.prefix'), render: (_, key) => <code>{key.prefix}…</code> },
              { title: t('gatewayKeys.project'), render: (_, key) => key.project ?? '—' },
              {
                title: t('gatewayKeys.limits'),
                render: (_, key) => (
                  <Space orientation="vertical" size={0}>
                    <span>{t('gatewayKeys.perMinute', key)}</span>
                    {key.spendLimitDayFen !== null && (
                      <span>
                        {t('gatewayKeys.perDay')} <Money fen={key.spendLimitDayFen} />
                      </span>
                    )}
                    {key.spendLimitMonthFen !== null && (
                      <span>
                        {t('gatewayKeys.perMonth')} <Money fen={key.spendLimitMonthFen} />
                      </span>
                    )}
                  </Space>
                ),
              },
              {
                title: t('gatewayKeys.createdAt'),
                render: (_, key) => <DateText value={key.createdAt} withTime />,
              },
              {
                title: t('gatewayKeys.state'),
                render: (_, key) =>
                  key.revokedAt === null ? (
                    <Popconfirm
                      title={t('gatewayKeys.revokeConfirm', { name: key.name })}
                      onConfirm={() => revoke.mutate(key.id)}
                    >
                      {/* Not `danger`: Ant Design's red text fails WCAG AA contrast. */}
                      <Button size="small" data-testid={`revoke-${key.name}`}>
                        {t('gatewayKeys.revoke')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Tag>{t('gatewayKeys.revoked')}</Tag>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
      <HowToCall secret={created?.secret} modelId={prices.data?.items[0]?.modelId} />
    </>
  );
}
