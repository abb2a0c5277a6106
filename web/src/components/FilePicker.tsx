import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Select, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ItemList, Item } from './ItemList.tsx';

/** The server's limit (MAX_ATTACHMENT_BYTES): 10 MiB per file. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** What the evidence store accepts (detected from the bytes on the server; checked here first). */
const acceptedExtensions = ['pdf', 'png', 'jpg', 'jpeg', 'xml', 'ofd'] as const;
const accept = acceptedExtensions.map((extension) => `.${extension}`).join(',');

export interface PickedFile<Kind extends string> {
  uid: string;
  file: File;
  kind: Kind;
}

/**
 * Why a file cannot be sent, before a byte is uploaded: empty, over 10 MiB, or of a type the
 * platform does not take. The server checks again from the bytes themselves.
 */
export function fileProblem(file: {
  name: string;
  size: number;
}): 'empty' | 'tooLarge' | 'type' | undefined {
  if (file.size === 0) return 'empty';
  if (file.size > MAX_FILE_BYTES) return 'tooLarge';
  const extension = file.name.toLowerCase().split('.').pop() ?? '';
  return (acceptedExtensions as readonly string[]).includes(extension) ? undefined : 'type';
}

/**
 * Drag-and-drop (or click) file picking with a kind per file; files that would be refused are
 * named with the reason at once and never kept.
 */
export function FilePicker<Kind extends string>({
  kinds,
  value,
  onChange,
  testId,
}: {
  kinds: readonly Kind[];
  value: readonly PickedFile<Kind>[];
  onChange: (files: PickedFile<Kind>[]) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [problems, setProblems] = useState<string[]>([]);
  const [defaultKind] = kinds;
  return (
    <div data-testid={testId}>
      <Upload.Dragger
        multiple
        accept={accept}
        showUploadList={false}
        beforeUpload={(file, batch) => {
          // Called once per file of a batch: handle the batch at its first file only.
          if (file !== batch[0] || defaultKind === undefined) return false;
          const refused: string[] = [];
          const kept: PickedFile<Kind>[] = [];
          for (const picked of batch) {
            const problem = fileProblem(picked);
            if (problem === undefined)
              kept.push({ uid: picked.uid, file: picked, kind: defaultKind });
            else
              refused.push(
                t(`common:files.${problem}`, {
                  name: picked.name,
                  maxMb: MAX_FILE_BYTES / 1024 / 1024,
                }),
              );
          }
          setProblems(refused);
          onChange([...value, ...kept]);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined aria-hidden />
        </p>
        <p>{t('common:files.drop')}</p>
        <Typography.Text type="secondary">
          {t('common:files.rules', { maxMb: MAX_FILE_BYTES / 1024 / 1024 })}
        </Typography.Text>
      </Upload.Dragger>
      {problems.map((problem) => (
        <Alert
          key={problem}
          type="error"
          showIcon
          title={problem}
          style={{ marginTop: 8 }}
          data-testid="file-problem"
          role="alert"
        />
      ))}
      <ItemList
        size="small"
        dataSource={[...value]}
        locale={{ emptyText: t('common:files.none') }}
        renderItem={(picked) => (
          <Item
            actions={[
              <Button
                key="remove"
                size="small"
                onClick={() => onChange(value.filter((item) => item.uid !== picked.uid))}
              >
                {t('common:files.remove')}
              </Button>,
            ]}
          >
            <span className="file-name">{picked.file.name}</span>
            <Select<Kind>
              size="small"
              aria-label={t('common:files.kind')}
              value={picked.kind}
              style={{ minWidth: 140, marginLeft: 12 }}
              onChange={(kind) =>
                onChange(value.map((item) => (item.uid === picked.uid ? { ...item, kind } : item)))
              }
              options={kinds.map((kind) => ({
                value: kind,
                label: t(`common:files.kinds.${kind}`),
              }))}
            />
          </Item>
        )}
      />
    </div>
  );
}
