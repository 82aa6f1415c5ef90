import type { JsonObject } from '../../src-shared/contract/json-value';
import { seededRandom, weightedPicker } from '../../src-shared/demo/random';

/**
 * Generated events of a web shop's logs, for the search benchmark: HTTP requests with real
 * user agents (Googlebot among them) and application log lines with sentences, ids, hosts and
 * durations, as a log tool sees them. Deterministic per seed.
 *
 * Two words have known frequencies: `quokka` is planted in one message in 50,000 (a rare word:
 * 20 events at 1M, 100 at 5M), and `cache` is in about 12% of events (a common one).
 */
export const rareWord = 'quokka';
export const commonWord = 'cache';

export interface WebLogEvent {
  stream_id: string;
  event_type: string;
  timestamp: number;
  payload: JsonObject;
  metadata: JsonObject;
}

const userAgents: [string, number][] = [
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36',
    30,
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{m} Safari/605.1.15',
    12,
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_{m} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{m} Mobile/15E148 Safari/604.1',
    14,
  ],
  [
    'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Mobile Safari/537.36',
    12,
  ],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:{f}.0) Gecko/20100101 Firefox/{f}.0', 6],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36 Edg/{v}.0.0.0',
    8,
  ],
  ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 2],
  ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 1],
  ['curl/8.{m}.0', 2],
  ['python-requests/2.3{m}.0', 2],
  ['Go-http-client/2.0', 1],
];
const pickAgent = weightedPicker(userAgents.map(([, w]) => w));

const paths = [
  '/',
  '/search',
  '/cart',
  '/checkout',
  '/account/orders',
  '/api/v2/products',
  '/api/v2/cart/items',
  '/static/app.js',
  '/static/styles.css',
  '/help/shipping',
  '/product/{id}',
  '/api/v2/products/{id}/reviews',
];
const methods = ['GET', 'GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const levels: [string, number][] = [
  ['INFO', 70],
  ['DEBUG', 12],
  ['WARN', 12],
  ['ERROR', 6],
];
const pickLevel = weightedPicker(levels.map(([, w]) => w));
const loggers = [
  'com.shop.checkout.PaymentService',
  'com.shop.cart.CartController',
  'com.shop.search.QueryPlanner',
  'com.shop.inventory.StockReconciler',
  'com.shop.auth.SessionManager',
  'com.shop.mail.OutboundMailer',
];
/** `{u}` user, `{o}` order, `{n}` number, `{ms}` duration, `{h}` host, `{sku}` a product. */
const messages: [string, number][] = [
  ['Order {o} placed by user {u}: {n} item(s)', 10],
  ['Payment authorized for order {o} after {ms} ms', 8],
  ['Payment declined for order {o}: card expired', 2],
  ['User {u} logged in from {ip}', 9],
  ['Session expired for user {u}', 4],
  ['Search for "{q}" returned {n} results in {ms} ms', 9],
  ['Stock for {sku} adjusted by {d} at warehouse wh-{w}', 5],
  ['Price of {sku} changed from {p} to {p}', 2],
  ['Product cache miss for {sku}, loading from database', 9],
  ['Evicted {n} entries from the session cache on {h}', 4],
  ['Upstream timeout after {ms} ms calling inventory-service on {h}', 3],
  ['Connection reset by peer while reading response from payments-gateway', 2],
  ['Retrying request to {h} (attempt {a} of 3)', 3],
  ['Sent order confirmation mail for {o} to user {u}', 6],
  ['Rate limit exceeded for client {ip}, throttling for {n} s', 2],
  ['Scheduled job reindex-products finished in {ms} ms', 1],
  ['Validation failed for cart of user {u}: quantity must be positive', 2],
];
const pickMessage = weightedPicker(messages.map(([, w]) => w));
const queries = ['red shoes', 'desk lamp', 'coffee mug', 'usb-c cable', 'rain jacket', 'Ärger'];
const regions = ['eu-west-1', 'us-east-1', 'ap-south-1'];

export function* generateWebLogEvents(options: {
  count: number;
  seed?: number;
  startMs?: number;
  spanMs?: number;
}): Generator<WebLogEvent> {
  const { count, seed = 1, startMs = Date.UTC(2026, 0, 1), spanMs = 30 * 86_400_000 } = options;
  const r = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const hosts = Array.from({ length: 40 }, (_, i) => `web-${String(i + 1).padStart(2, '0')}`);
  const pickHost = weightedPicker(hosts.map((_, i) => 1 / (i + 1)));
  const ip = () => `${int(1, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
  const slot = count > 0 ? spanMs / count : 0;
  const fill = (template: string) =>
    template.replace(/\{(\w+)\}/gu, (_m, k: string) => {
      switch (k) {
        case 'u':
          return `u-${int(1, 200_000)}`;
        case 'o':
          return `o-${int(100_000, 999_999)}`;
        case 'n':
          return String(int(1, 120));
        case 'ms':
          return String(int(3, 30_000));
        case 'h':
          return hosts[pickHost(r())]!;
        case 'sku':
          return `SKU-${int(1000, 9999)}`;
        case 'ip':
          return ip();
        case 'q':
          return pick(queries);
        case 'd':
          return String(int(-20, 20));
        case 'w':
          return String(int(1, 4));
        case 'p':
          return (int(100, 50_000) / 100).toFixed(2);
        case 'a':
          return String(int(1, 3));
        case 'v':
          return String(int(118, 131));
        case 'm':
          return String(int(0, 6));
        case 'f':
          return String(int(115, 133));
        case 'id':
          return String(int(1, 99_999));
        default:
          return k;
      }
    });

  for (let i = 0; i < count; i++) {
    const ts = Math.floor(startMs + slot * (i + r()));
    const host = hosts[pickHost(r())]!;
    const traceId = Math.floor(r() * 2 ** 52).toString(16);
    const metadata = { host, region: regions[int(0, 2)]!, env: 'prod', traceId };
    if (r() < 0.6) {
      const method = pick(methods);
      const path = fill(pick(paths));
      const status = r() < 0.9 ? 200 : pick([301, 304, 400, 401, 404, 404, 500, 502, 503]);
      const durationMs = int(1, r() < 0.95 ? 400 : 12_000);
      const cached = r() < 0.12;
      yield {
        stream_id: host,
        event_type: 'http.request',
        timestamp: ts,
        payload: {
          method,
          path,
          status,
          bytes: int(200, 250_000),
          durationMs,
          clientIp: ip(),
          userAgent: fill(userAgents[pickAgent(r())]![0]),
          referrer: r() < 0.3 ? 'https://www.google.com/' : '-',
          message: `${method} ${path} ${status} ${durationMs}ms${cached ? ' (served from cache)' : ''}`,
        },
        metadata,
      };
    } else {
      let message = fill(messages[pickMessage(r())]![0]);
      if (r() < 1 / 20_000) message += ` (${rareWord} flag set)`;
      yield {
        stream_id: host,
        event_type: 'app.log',
        timestamp: ts,
        payload: {
          level: levels[pickLevel(r())]![0],
          logger: pick(loggers),
          thread: `http-nio-8080-exec-${int(1, 64)}`,
          message,
          user: { id: `u-${int(1, 200_000)}`, country: pick(['DE', 'US', 'FR', 'JP', 'BR']) },
        },
        metadata,
      };
    }
  }
}
