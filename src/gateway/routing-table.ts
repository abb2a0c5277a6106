import type { Database } from '../db/client.ts';
import {
  loadRoutingOffers,
  type RoutingOffer,
  type SecretBox,
} from '../services/gateway/catalog/index.ts';

export type RoutingStrategy = 'order' | 'price' | 'latency';

export interface RoutingTableOptions {
  db: Database;
  secretBox: (() => SecretBox) | undefined;
  strategy: RoutingStrategy;
  /** How often the catalog is read again (a change reaches every process within this). */
  refreshMs: number;
  onError: (error: unknown) => void;
  onUnreadableKeys: (offerIds: string[]) => void;
}

/** Weight of a new latency sample in the moving average (about the last ten calls count). */
const LATENCY_SAMPLE_WEIGHT = 0.1;

/**
 * The catalog in memory, so a call never waits on the database to find its upstreams. Per
 * public model id it keeps the active offerings and orders them for each call: by fixed
 * `routeOrder`, by price (input + output per million), or by measured latency (a moving average
 * of answered calls and health probes; unmeasured ones first, so they get measured). Offerings
 * a health probe found `down` go last: they are still tried when nothing else answers.
 */
export class RoutingTable {
  private byModel = new Map<string, RoutingOffer[]>();
  private readonly latencyMs = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: RoutingTableOptions) {}

  /** Loads the catalog once and then every `refreshMs`. */
  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      this.refresh().catch(this.options.onError);
    }, this.options.refreshMs);
    this.timer.unref();
  }

  async refresh(): Promise<void> {
    const { offers, unreadable } = await loadRoutingOffers({
      sql: this.options.db,
      secretBox: this.options.secretBox,
    });
    if (unreadable.length > 0) this.options.onUnreadableKeys(unreadable);
    const byModel = new Map<string, RoutingOffer[]>();
    for (const offer of offers) {
      const list = byModel.get(offer.modelId) ?? [];
      list.push(offer);
      byModel.set(offer.modelId, list);
      if (offer.healthLatencyMs !== null && !this.latencyMs.has(offer.id)) {
        this.latencyMs.set(offer.id, offer.healthLatencyMs);
      }
    }
    this.byModel = byModel;
  }

  /** Every offering of a public model id, in the order to try them; empty when unknown. */
  candidates(modelId: string): RoutingOffer[] {
    const offers = this.byModel.get(modelId);
    if (!offers) return [];
    const rank = this.rankOf();
    return [...offers].sort(
      (a, b) =>
        Number(a.health === 'down') - Number(b.health === 'down') ||
        rank(a) - rank(b) ||
        a.routeOrder - b.routeOrder,
    );
  }

  /** One offering per public model id (the first by route order), for `GET /v1/models`. */
  models(): RoutingOffer[] {
    return [...this.byModel.values()].flatMap((offers) => offers.slice(0, 1));
  }

  /** Every active offering (the health probes visit each). */
  allOffers(): RoutingOffer[] {
    return [...this.byModel.values()].flat();
  }

  /** Feeds a measured latency (answered call or health probe) into the moving average. */
  recordLatency(offerId: string, latencyMs: number): void {
    const previous = this.latencyMs.get(offerId);
    this.latencyMs.set(
      offerId,
      previous === undefined
        ? latencyMs
        : previous + (latencyMs - previous) * LATENCY_SAMPLE_WEIGHT,
    );
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private rankOf(): (offer: RoutingOffer) => number {
    switch (this.options.strategy) {
      case 'order':
        return (offer) => offer.routeOrder;
      case 'price':
        return (offer) => Number(offer.inputPriceFenPerMillion + offer.outputPriceFenPerMillion);
      case 'latency':
        return (offer) => this.latencyMs.get(offer.id) ?? -1;
    }
  }
}
