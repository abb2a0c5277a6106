import type {
  acceleratorSchema,
  buyNowBody,
  clearingResultSchema,
  computeRequestSchema,
  createOfferBody,
  createRequestBody,
  offerSchema,
  orderSchema,
  payoutSchema,
  updateOfferBody,
} from '@contracts/exchange.ts';
import type { buyNowQuoteSchema } from '@contracts/exchange-quote.ts';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from './client.ts';
import { createOnce, useList } from './lists.ts';

/** The compute exchange's API as the console uses it (docs/exchange.md). */

export type Accelerator = z.infer<typeof acceleratorSchema>;
export type Offer = z.infer<typeof offerSchema>;
export type Order = z.infer<typeof orderSchema>;
export type ComputeRequest = z.infer<typeof computeRequestSchema>;
export type ClearingResult = z.infer<typeof clearingResultSchema>;
export type ProviderPayout = z.infer<typeof payoutSchema>;
export type BuyNowBody = z.input<typeof buyNowBody>;
export type BuyNowQuote = z.infer<typeof buyNowQuoteSchema>;
export type CreateOfferBody = z.input<typeof createOfferBody>;
export type CreateRequestBody = z.input<typeof createRequestBody>;

export function useAccelerators() {
  return useQuery({
    queryKey: ['exchange-accelerators'],
    queryFn: () => api.get<{ items: Accelerator[] }>('/api/v1/exchange/accelerators'),
    staleTime: 60_000,
  });
}

export function updateAccelerator(id: string, body: Omit<Accelerator, 'id'>): Promise<Accelerator> {
  return api.put<Accelerator>(`/api/v1/exchange/accelerators/${id}`, body);
}

export function useOffers(filter: { origin?: string; providerId?: string } = {}) {
  return useList<{ items: Offer[]; nextCursor: string | null }>(
    ['exchange-offers', filter],
    '/api/v1/exchange/offers',
    { query: filter },
  );
}

export function createOffer(body: CreateOfferBody, idempotencyKey: string): Promise<Offer> {
  return createOnce<Offer>('/api/v1/exchange/offers', body, idempotencyKey);
}

export function buyNow(offerId: string, body: BuyNowBody, idempotencyKey: string): Promise<Order> {
  return createOnce<Order>(`/api/v1/exchange/offers/${offerId}/buy`, body, idempotencyKey);
}

/**
 * What buying now would give — amount, subsidy, what the enterprise pays, the rate and why —
 * decided by the buy-now's own code on the server; a refusal is the buy-now's (ApiError).
 */
export function quoteBuyNow(offerId: string, body: BuyNowBody): Promise<BuyNowQuote> {
  return api.post<BuyNowQuote>(`/api/v1/exchange/offers/${offerId}/quote`, body);
}

/** Orders the caller may see (an enterprise: its own; a provider: those that pay it). */
export function useOrders() {
  return useList<{ items: Order[] }>(['exchange-orders'], '/api/v1/exchange/orders');
}

export function useComputeRequests() {
  return useList<{ items: ComputeRequest[] }>(['exchange-requests'], '/api/v1/exchange/requests');
}

export function createComputeRequest(
  body: CreateRequestBody,
  idempotencyKey: string,
): Promise<ComputeRequest> {
  return createOnce<ComputeRequest>('/api/v1/exchange/requests', body, idempotencyKey);
}

export function runClearing(): Promise<ClearingResult> {
  return api.post<ClearingResult>('/api/v1/exchange/clearing');
}

export function runProviderPayouts(): Promise<{ items: ProviderPayout[] }> {
  return api.post<{ items: ProviderPayout[] }>('/api/v1/exchange/payouts');
}

export type UpdateOfferBody = z.input<typeof updateOfferBody>;

/** Changes an open offer's price, cards or window for the part not yet ordered. */
export function updateOffer(offerId: string, body: UpdateOfferBody): Promise<Offer> {
  return api.patch<Offer>(`/api/v1/exchange/offers/${offerId}`, body);
}

/** Withdraws an open offer (its orders stay). */
export function withdrawOffer(offerId: string, idempotencyKey: string): Promise<Offer> {
  return api.post<Offer>(`/api/v1/exchange/offers/${offerId}/withdraw`, {}, { idempotencyKey });
}
