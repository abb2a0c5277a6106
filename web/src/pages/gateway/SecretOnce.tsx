import { Alert, Button, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatedGatewayKey } from '../../api/gateway.ts';

/**
 * A new key's secret, shown this once (the server keeps only its hash), with a copy button.
 * Closing the dialog forgets it.
 */
export function SecretOnce({
  created,
  onClose,
}: {
  created: CreatedGatewayKey;
  onClose: () => void;
}) {
  const { t } = useTranslation('enterprise');
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(created.secret);
    setCopied(true);
  };
  return (
    <Modal
      open
      title={t('gatewayKeys.secretTitle', { name: created.gatewayKey.name })}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose} data-testid="secret-done">
          {t('gatewayKeys.secretDone')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('gatewayKeys.secretOnce')} />
      <Typography.Paragraph style={{ marginTop: 16 }}>
        <code data-testid="gateway-secret">{created.secret}</code>
      </Typography.Paragraph>
      <Button onClick={() => void copy()} data-testid="copy-secret">
        {copied ? t('gatewayKeys.copied') : t('gatewayKeys.copy')}
      </Button>
    </Modal>
  );
}
