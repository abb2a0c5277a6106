import { ApiError, apiErrorOf } from './api-error.ts';

/** The cookie the server sets beside the HttpOnly session; its value goes in `x-csrf-token`. */
const CSRF_COOKIE = 'suanli_csrf';

function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export interface RequestOptions {
  /** JSON body (objects) or a multipart form (FormData, sent as the browser encodes it). */
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /**
   * POSTs carry an Idempotency-Key so a retried click never acts twice; pass one to reuse it
   * across retries of the same intent (a form keeps it until it succeeds).
   */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

function urlOf(path: string, query: RequestOptions['query']): string {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
  }
  return url.pathname + url.search;
}

/**
 * One call to the Suanli API with the session cookie: the CSRF header on state changes, an
 * Idempotency-Key on POSTs, and an `ApiError` (code, details, request id) for every failure.
 *
 * @example
 * const { items } = await apiRequest<{ items: Program[] }>('GET', '/api/v1/programs');
 */
export async function apiRequest<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET') {
    const csrf = csrfToken();
    if (csrf !== undefined) headers['x-csrf-token'] = csrf;
  }
  if (method === 'POST') headers['idempotency-key'] = options.idempotencyKey ?? crypto.randomUUID();
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method,
      headers,
      body: body ?? null,
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({ code: 'NETWORK', status: 0, message: String(error) });
  }
  if (!response.ok) throw await apiErrorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/**
 * Uploads one file as the request body (the evidence routes take the bytes themselves, with
 * their Content-Type; metadata in the query). Idempotent by content on the server, so no key.
 */
export async function uploadFile<T>(
  path: string,
  file: Blob,
  query: Record<string, string | number | undefined>,
): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': file.type === '' ? 'application/octet-stream' : file.type,
  };
  const csrf = csrfToken();
  if (csrf !== undefined) headers['x-csrf-token'] = csrf;
  let response: Response;
  try {
    response = await fetch(urlOf(path, query), {
      method: 'POST',
      headers,
      body: file,
      credentials: 'same-origin',
    });
  } catch (error) {
    throw new ApiError({ code: 'NETWORK', status: 0, message: String(error) });
  }
  if (!response.ok) throw await apiErrorOf(response);
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => apiRequest<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    apiRequest<T>('POST', path, { ...options, body: body ?? {} }),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    apiRequest<T>('PATCH', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options?: RequestOptions) =>
    apiRequest<T>('PUT', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => apiRequest<T>('DELETE', path, options),
};
