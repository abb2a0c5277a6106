import { Alert, Button, Card, Col, Input, Row, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-error.ts';
import { api } from '../../api/client.ts';
import { errorSentence } from '../../api/error-message.ts';
import { previewProgram, type ProgramPreview } from '../../api/operator.ts';
import { useProgram } from '../../api/programs.ts';
import { Item, ItemList } from '../../components/ItemList.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PolicyTrace } from '../../components/PolicyTrace.tsx';
import { LoadingState } from '../../components/states.tsx';
import { Money } from '../../components/Money.tsx';
import { ProgramPicker, useSelectedProgram } from './ProgramPicker.tsx';

// CodeMirror loads with this page only.
const YamlEditor = lazy(() => import('./YamlEditor.tsx'));

/** A sample purchase the draft is tried on (the calculator's body), editable as JSON. */
const defaultSamples = JSON.stringify(
  [
    {
      label: 'SME in Xihu, domestic compute ¥400,000',
      enterprise: {
        id: 'sample-1',
        usccRegionCode: '330106',
        size: 'small',
        foundedOn: '2021-05-01',
      },
      purchase: {
        kind: 'compute',
        chipOrigin: 'domestic',
        amountFen: '40000000',
        contractId: 'SAMPLE-1',
        contractAmountFen: '40000000',
        contractSignedOn: '2026-01-05',
        providerId: 'any',
        date: '2026-01-10',
      },
    },
  ],
  null,
  2,
);

/**
 * The program editor: the YAML file in a code editor checked as you type, the server's check
 * and the draft's trace on sample purchases (preview), and publishing a new version after
 * seeing its diff to the version in force.
 */
export default function ProgramEditorPage() {
  const { t } = useTranslation('operator');
  const [programId, setProgramId] = useSelectedProgram();
  const program = useProgram(programId ?? '');
  // The operator's edit of the selected program, until another program is picked.
  const [edit, setEdit] = useState<{ programId: string | undefined; text: string } | null>(null);
  const [samples, setSamples] = useState(defaultSamples);
  const [samplesError, setSamplesError] = useState<string | null>(null);
  const client = useQueryClient();
  const data = program.data;
  const latest = data?.versions.find((v) => v.version === data.latestVersion);
  const text = edit !== null && edit.programId === programId ? edit.text : (latest?.yamlText ?? '');
  const setText = (next: string) => {
    setEdit({ programId, text: next });
  };
  const preview = useMutation({
    mutationFn: () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(samples);
        setSamplesError(null);
      } catch {
        setSamplesError(t('editor.samplesInvalid'));
        parsed = [];
      }
      return previewProgram({ yaml: text, samples: parsed as [] });
    },
  });
  const publish = useMutation({
    mutationFn: () => api.post('/api/v1/programs/versions', { yaml: text }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['programs'] }),
  });
  return (
    <>
      <PageHeader
        title={t('editor.title')}
        intro={t('editor.intro')}
        extra={<ProgramPicker value={programId} onChange={setProgramId} />}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Suspense fallback={<LoadingState rows={12} />}>
            <YamlEditor value={text} onChange={setText} label={t('editor.file')} />
          </Suspense>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('editor.liveCheck')}
          </Typography.Paragraph>
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Card size="small" title={t('editor.samples')}>
              <Input.TextArea
                aria-label={t('editor.samples')}
                rows={8}
                value={samples}
                onChange={(event) => {
                  setSamples(event.target.value);
                }}
                style={{ fontFamily: 'monospace' }}
              />
              {samplesError !== null && <Alert type="error" title={samplesError} />}
            </Card>
            <Space wrap>
              <Button
                onClick={() => {
                  preview.mutate();
                }}
                loading={preview.isPending}
                data-testid="preview-program"
              >
                {t('editor.preview')}
              </Button>
              <Button
                type="primary"
                disabled={preview.data?.publish.status !== 'ready'}
                loading={publish.isPending}
                onClick={() => {
                  publish.mutate();
                }}
                data-testid="publish-program"
              >
                {t('editor.publish')}
              </Button>
            </Space>
            {preview.isError && <PreviewError error={preview.error} />}
            {publish.isError && <Alert type="error" title={errorSentence(t, publish.error)} />}
            {publish.isSuccess && (
              <Alert type="success" title={t('editor.published')} data-testid="published" />
            )}
            {preview.data !== undefined && <PreviewResult preview={preview.data} />}
          </Space>
        </Col>
      </Row>
    </>
  );
}

/** A file the server refuses: every problem with its line and column, else the error's sentence. */
function PreviewError({ error }: { error: unknown }) {
  const { t } = useTranslation('operator');
  const problems =
    error instanceof ApiError && Array.isArray(error.details.problems)
      ? (error.details.problems as {
          path: string;
          message: string;
          line?: number;
          column?: number;
        }[])
      : [];
  if (problems.length === 0) return <Alert type="error" title={errorSentence(t, error)} />;
  return (
    <ItemList
      bordered
      header={t('editor.problems', { count: problems.length })}
      dataSource={problems}
      data-testid="preview-problems"
      renderItem={(problem) => (
        <Item>
          {problem.line !== undefined && (
            <Tag>{t('editor.at', { line: problem.line, column: problem.column ?? 1 })}</Tag>
          )}
          {problem.path} {problem.message}
        </Item>
      )}
    />
  );
}

const diffAdded = { background: '#e6f4ea', color: '#0f5132' };
const diffRemoved = { background: '#fdecea', color: '#842029' };

function PreviewResult({ preview }: { preview: ProgramPreview }) {
  const { t } = useTranslation('operator');
  const changed = (preview.lines ?? []).filter((line) => line.op !== ' ');
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="preview-result">
      <Alert
        type={preview.publish.status === 'ready' ? 'success' : 'warning'}
        showIcon
        data-testid="publish-status"
        data-status={preview.publish.status}
        title={t(`editor.status.${preview.publish.status}`, {
          version: preview.version,
          against: preview.against?.version ?? '—',
        })}
        description={preview.publish.code ?? undefined}
      />
      <Card size="small" title={t('editor.diff', { version: preview.against?.version ?? '—' })}>
        <ItemList
          size="small"
          dataSource={preview.changes}
          locale={{ emptyText: t('editor.noChanges') }}
          renderItem={(change) => (
            <Item>
              <code>{change.path}</code>{' '}
              <Typography.Text delete>{JSON.stringify(change.before)}</Typography.Text> →{' '}
              <Typography.Text strong>{JSON.stringify(change.after)}</Typography.Text>
            </Item>
          )}
        />
        <pre
          data-testid="yaml-diff"
          aria-label={t('editor.lines')}
          style={{ fontSize: 12, maxHeight: 320, overflow: 'auto', margin: '8px 0 0' }}
        >
          {changed.map((line, index) => (
            <div key={index} style={line.op === '+' ? diffAdded : diffRemoved}>
              {line.op} {line.text}
            </div>
          ))}
        </pre>
      </Card>
      {preview.samples.map((sample, index) => (
        <Card
          key={index}
          size="small"
          title={sample.label ?? t('editor.sample', { number: index + 1 })}
        >
          {sample.evaluation === null ? (
            <Alert
              type="error"
              title={`${sample.error?.code ?? ''} ${sample.error?.message ?? ''}`}
            />
          ) : (
            <>
              <Typography.Paragraph>
                {t('editor.subsidy')}{' '}
                <Money fen={sample.evaluation.subsidyFen} testId="sample-subsidy" />
              </Typography.Paragraph>
              <PolicyTrace trace={sample.evaluation.trace} />
            </>
          )}
        </Card>
      ))}
    </Space>
  );
}
