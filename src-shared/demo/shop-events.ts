import type { JsonObject } from '../contract/json-value';
import { seededRandom, weightedPicker } from './random';

/**
 * A deterministic generator of realistic events: a small online shop. It feeds the benchmarks
 * and the demo data. Streams are entities with Zipf-skewed sizes (a few busy users and products,
 * a long tail); about 20 event types with type-specific payloads of ~300 bytes (nested objects,
 * numbers, arrays, message strings).
 */
export interface GeneratorOptions {
  count: number;
  seed?: number;
  /** Number of distinct streams (default 1,000). */
  streams?: number;
  /** Time of the first event (default 2026-01-01T00:00:00Z). */
  startMs?: number;
  /** Time from the first to the last event (default 30 days). */
  spanMs?: number;
}

export interface GeneratedEvent {
  stream_id: string;
  event_type: string;
  /** Epoch ms; non-decreasing. */
  timestamp: number;
  payload: JsonObject;
  metadata: JsonObject;
}

type Kind = 'user' | 'order' | 'product' | 'service';

const typesByKind: Record<Kind, [string, number][]> = {
  user: [
    ['PageViewed', 30],
    ['UserLoggedIn', 8],
    ['SearchPerformed', 8],
    ['CartItemAdded', 6],
    ['UserLoggedOut', 5],
    ['CartItemRemoved', 2],
    ['ReviewSubmitted', 1],
    ['AddressChanged', 0.5],
    ['PasswordReset', 0.3],
  ],
  order: [
    ['OrderPlaced', 6],
    ['PaymentAuthorized', 5],
    ['OrderShipped', 4],
    ['OrderDelivered', 3.5],
    ['PaymentFailed', 0.8],
    ['CouponApplied', 1],
    ['RefundRequested', 0.4],
    ['RefundIssued', 0.3],
  ],
  product: [
    ['ProductViewed', 10],
    ['InventoryAdjusted', 3],
    ['PriceChanged', 0.5],
  ],
  service: [
    ['HealthChecked', 4],
    ['RequestFailed', 1],
  ],
};

const countries = ['DE', 'US', 'FR', 'JP', 'BR', 'IN', 'GB', 'NL', 'ES', 'CA'];
const countryPick = weightedPicker([18, 30, 9, 7, 6, 8, 10, 4, 4, 4]);
const tiers = ['free', 'plus', 'pro'];
const pages = ['/', '/search', '/cart', '/checkout', '/account', '/product', '/orders', '/help'];
const words = [
  'red',
  'shoes',
  'lamp',
  'coffee',
  'desk',
  'cable',
  'jacket',
  'phone',
  'case',
  'mug',
  'book',
  'chair',
];
const services = ['api-gateway', 'checkout', 'search', 'payments', 'inventory', 'mailer'];
const errors = ['timeout', 'connection reset', 'upstream 503', 'rate limited', 'validation failed'];
const agents = ['web/5.2.1', 'ios/3.8.0', 'android/3.7.4'];

function streamKinds(n: number): Kind[] {
  // Stream i's kind, spread so that busy (low-rank) streams are of every kind.
  const order: Kind[] = [
    'user',
    'user',
    'user',
    'order',
    'order',
    'product',
    'user',
    'order',
    'product',
    'service',
  ];
  return Array.from({ length: n }, (_, i) => order[i % order.length]!);
}

export function* generateShopEvents(options: GeneratorOptions): Generator<GeneratedEvent> {
  const {
    count,
    seed = 1,
    streams = 1_000,
    startMs = Date.UTC(2026, 0, 1),
    spanMs = 30 * 86_400_000,
  } = options;
  const r = seededRandom(seed);
  const kinds = streamKinds(streams);
  // Zipf(s = 1.1) over stream ranks: the busiest stream gets ~10% of events, the tail a few each.
  const pickStream = weightedPicker(
    Array.from({ length: streams }, (_, i) => 1 / Math.pow(i + 1, 1.1)),
  );
  const typePickers = Object.fromEntries(
    Object.entries(typesByKind).map(([k, list]) => [k, weightedPicker(list.map(([, w]) => w))]),
  ) as Record<Kind, (r: number) => number>;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const slot = count > 0 ? spanMs / count : 0;

  for (let i = 0; i < count; i++) {
    const s = pickStream(r());
    const kind = kinds[s]!;
    const type = typesByKind[kind][typePickers[kind](r())]![0];
    // Each event gets a random instant inside its own slot: jittered, yet never decreasing.
    const ts = Math.floor(startMs + slot * (i + r()));
    const name =
      kind === 'service' ? `service-${services[s % services.length]!}-${s}` : `${kind}-${1000 + s}`;
    yield {
      stream_id: name,
      event_type: type,
      timestamp: ts,
      payload: payloadFor(type, kind, s, r, pick),
      metadata: {
        source: kind === 'service' ? 'monitor' : 'shop-web',
        agent: pick(agents),
        traceId: hex(r, 16),
      },
    };
  }
}

function hex(r: () => number, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += Math.floor(r() * 16).toString(16);
  return out;
}

function payloadFor(
  type: string,
  kind: Kind,
  s: number,
  r: () => number,
  pick: <T>(list: readonly T[]) => T,
): JsonObject {
  const user = {
    id: `u-${(s * 7919) % 100_000}`,
    country: countries[countryPick(r())]!,
    tier: pick(tiers),
  };
  const amount = Math.round((5 + r() * r() * 495) * 100) / 100;
  const items = Array.from({ length: 1 + Math.floor(r() * 3) }, () => ({
    sku: `SKU-${1000 + Math.floor(r() * 500)}`,
    qty: 1 + Math.floor(r() * 3),
    price: Math.round(r() * 20000) / 100,
  }));
  switch (kind) {
    case 'user': {
      const page = pick(pages);
      return {
        user,
        page,
        durationMs: Math.floor(20 + r() * r() * 4000),
        query: type === 'SearchPerformed' ? `${pick(words)} ${pick(words)}` : null,
        message: `${type} by ${user.id} from ${user.country} on ${page}`,
        ok: r() > 0.03,
        tags: [pick(words), pick(words)],
      };
    }
    case 'order':
      return {
        orderId: `o-${100_000 + s}`,
        user,
        amount,
        currency: user.country === 'US' ? 'USD' : user.country === 'JP' ? 'JPY' : 'EUR',
        items,
        status: type.replace(/^Order|^Payment|^Refund|^Coupon/u, '').toLowerCase() || 'open',
        message: `${type} for order o-${100_000 + s}: ${items.length} item(s), total ${amount}`,
      };
    case 'product':
      return {
        sku: `SKU-${1000 + (s % 500)}`,
        stock: Math.floor(r() * 500),
        delta: type === 'InventoryAdjusted' ? Math.floor(r() * 40) - 20 : 0,
        price: Math.round(r() * 20000) / 100,
        message: `${type}: SKU-${1000 + (s % 500)} ${pick(words)} ${pick(words)}`,
        warehouse: { id: `wh-${1 + (s % 4)}`, region: pick(['eu-west', 'us-east', 'ap-south']) },
      };
    case 'service': {
      const failed = type === 'RequestFailed';
      return {
        service: services[s % services.length]!,
        latencyMs: Math.round((failed ? 800 : 20) + r() * r() * 1500),
        status: failed ? pick([500, 502, 503, 504]) : 200,
        error: failed ? pick(errors) : null,
        message: failed ? `request failed: ${pick(errors)}` : 'ok',
        host: `node-${1 + Math.floor(r() * 8)}`,
      };
    }
  }
}
