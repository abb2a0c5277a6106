import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * How to call the gateway: the `openai` SDK pointed at this server's `/v1`, with the key just
 * created when there is one (else read from the environment, where a secret belongs).
 */
export function HowToCall({
  secret,
  modelId,
}: {
  secret?: string | undefined;
  modelId?: string | undefined;
}) {
  const { t } = useTranslation('enterprise');
  const baseUrl = `${window.location.origin}/v1`;
  const apiKey = secret === undefined ? 'process.env.SUANLI_KEY' : `'${secret}'`;
  const snippet = [
    "import OpenAI from 'openai';",
    '',
    `const client = new OpenAI({ baseURL: '${baseUrl}', apiKey: ${apiKey} });`,
    'const completion = await client.chat.completions.create({',
    `  model: '${modelId ?? 'MODEL_ID'}',`,
    "  messages: [{ role: 'user', content: '你好' }],",
    '});',
    '// usage.cost: { yuan, totalFen, voucherFen, walletFen, billed }',
    'console.log(completion.usage);',
  ].join('\n');
  return (
    <Card title={t('gatewayKeys.howToCall')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">
        {t('gatewayKeys.howToCallIntro', { baseUrl })}
      </Typography.Paragraph>
      <Typography.Paragraph copyable={{ text: snippet }}>
        <pre data-testid="how-to-call" tabIndex={0}>
          {snippet}
        </pre>
      </Typography.Paragraph>
    </Card>
  );
}
