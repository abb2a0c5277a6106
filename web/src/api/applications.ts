import type { applicationAttachmentSchema } from '@contracts/application-attachments.ts';
import type { createApplicationBody } from '@contracts/vouchers.ts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, uploadFile } from './client.ts';
import type { Application } from './vouchers.ts';

export type ApplicationAttachment = z.infer<typeof applicationAttachmentSchema>;
export type ApplicationAttachmentKind = ApplicationAttachment['kind'];
export const applicationAttachmentKinds: readonly ApplicationAttachmentKind[] = [
  'business-plan',
  'quote',
  'contract',
  'other',
];

/**
 * Applies as the console does: the application as a draft, its files, then the submission, so
 * a reviewer (or an automatic program) decides with the files in place.
 */
export async function applyWithFiles(options: {
  body: z.input<typeof createApplicationBody>;
  files: readonly { file: File; kind: ApplicationAttachmentKind }[];
}): Promise<Application> {
  const draft = await api.post<Application>('/api/v1/applications', {
    ...options.body,
    submit: false,
  });
  for (const { file, kind } of options.files) {
    await uploadFile(`/api/v1/applications/${draft.id}/attachments`, file, {
      kind,
      filename: file.name,
    });
  }
  return api.post<Application>(`/api/v1/applications/${draft.id}/submit`);
}

export function useApplication(id: string) {
  return useQuery({
    queryKey: ['applications', id],
    queryFn: () => api.get<Application>(`/api/v1/applications/${id}`),
  });
}

export function useApplicationAttachments(id: string) {
  return useQuery({
    queryKey: ['applications', id, 'attachments'],
    queryFn: () =>
      api.get<{ items: ApplicationAttachment[] }>(`/api/v1/applications/${id}/attachments`),
  });
}
