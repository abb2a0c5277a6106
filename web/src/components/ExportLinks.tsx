import { Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ItemList, Item } from './ItemList.tsx';

const exportsOffered = ['grants', 'claims', 'payouts'] as const;

/**
 * Downloads of the caller's grants, claims and payouts (CSV and XLSX, amounts in fen and
 * yuan); the server limits each file to the caller's own rows.
 */
export function ExportLinks({ programId }: { programId?: string }) {
  const { t } = useTranslation();
  const query = programId === undefined ? '' : `?programId=${encodeURIComponent(programId)}`;
  return (
    <Card
      title={
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {t('common:exports.title')}
        </Typography.Title>
      }
    >
      <ItemList
        dataSource={[...exportsOffered]}
        renderItem={(name) => (
          <Item>
            <span>{t(`common:exports.${name}`)}</span>
            <Space>
              <a href={`/api/v1/exports/${name}.csv${query}`} download>
                CSV
              </a>
              <a href={`/api/v1/exports/${name}.xlsx${query}`} download>
                XLSX
              </a>
            </Space>
          </Item>
        )}
      />
    </Card>
  );
}
