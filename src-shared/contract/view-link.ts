import { formatInstant, parseIsoInstant } from './instants';
import { describeIssues } from './issues';
import { querySchema, type OrderBy, type Reduce, type WhereNode } from './query';

/**
 * A view of the app as an address: the part after `#` of the page's URL (browser mode and the
 * desktop window alike), of a copied link, and of an `eventlens://app/#…` link the desktop app
 * opens. One format, parsed here for the renderer and for the desktop shell, so both refuse the
 * same bad links with the same sentence.
 *
 *   #instance=<id>&stream=<id>&q=<JSON: where, select, orderBy, reduce, limit>
 *    &range=15m | 15m@data | <ISO>..<ISO>&event=<id>&tab=chart&chart=pie
 *
 * The fragment never reaches a server (no query text in access logs), and it carries no token.
 */
export type LinkRange =
  | {
      kind: 'relative';
      /** '15m', '24h', '7d': digits and a unit (m, h, d, w). */
      last: string;
      /** What the range ends at: now (the default), or the instance's last event. */
      end?: 'now' | 'data';
    }
  | { kind: 'absolute'; /** epoch ms, inclusive */ from: number; to: number };

export const linkTabs = ['results', 'chart'] as const;
export const linkChartKinds = ['bar', 'line', 'area', 'pie', 'table'] as const;

export interface LinkQuery {
  where?: WhereNode[];
  select?: string[];
  orderBy?: OrderBy;
  reduce?: Reduce;
  limit?: number;
}

export interface ViewLink {
  instance: string;
  stream?: string;
  query?: LinkQuery;
  range?: LinkRange;
  event?: string;
  tab?: (typeof linkTabs)[number];
  chart?: (typeof linkChartKinds)[number];
}

export type ParsedViewLink = { ok: true; view: ViewLink | null } | { ok: false; error: string };

/** Longer fragments are refused before anything is parsed (a link is not a transport). */
export const maxViewLinkLength = 64 * 1024;

const relativePattern = /^([1-9]\d{0,4})([mhdw])$/u;

function encodeRange(r: LinkRange): string {
  if (r.kind === 'absolute') return `${formatInstant(r.from)}..${formatInstant(r.to)}`;
  return r.end === 'data' ? `${r.last}@data` : r.last;
}

function parseRange(text: string): LinkRange | string {
  const abs = /^(.+)\.\.(.+)$/u.exec(text);
  if (abs) {
    const from = parseIsoInstant(abs[1]!);
    const to = parseIsoInstant(abs[2]!);
    if (from === null || to === null) return `range: "${text}" is not two ISO instants`;
    if (from > to) return 'range: the start is after the end';
    return { kind: 'absolute', from, to };
  }
  const [last = '', end, extra] = text.split('@');
  if (!relativePattern.test(last) || extra !== undefined || (end !== undefined && end !== 'data'))
    return `range: "${text}" is not a range (e.g. 15m, 24h@data, or <ISO>..<ISO>)`;
  return end === 'data' ? { kind: 'relative', last, end: 'data' } : { kind: 'relative', last };
}

/** The fragment (without `#`) for a view; keys in a fixed order, empty parts left out. */
export function encodeViewLink(view: ViewLink): string {
  const p = new URLSearchParams();
  p.set('instance', view.instance);
  if (view.stream !== undefined) p.set('stream', view.stream);
  const q = view.query;
  if (q && Object.keys(q).length > 0) p.set('q', JSON.stringify(q));
  if (view.range) p.set('range', encodeRange(view.range));
  if (view.event !== undefined) p.set('event', view.event);
  if (view.tab && view.tab !== 'results') p.set('tab', view.tab);
  if (view.chart) p.set('chart', view.chart);
  return p.toString();
}

const knownKeys = new Set(['instance', 'stream', 'q', 'range', 'event', 'tab', 'chart']);

/**
 * A fragment (with or without `#`) as a view. An empty fragment is no view (`view: null`);
 * anything malformed is an error sentence naming the part that is wrong, never a partial view.
 */
export function parseViewLink(fragment: string): ParsedViewLink {
  const text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text === '' || text === '/') return { ok: true, view: null };
  if (text.length > maxViewLinkLength)
    return { ok: false, error: `the link is longer than ${maxViewLinkLength} characters` };
  const p = new URLSearchParams(text);
  for (const key of p.keys())
    if (!knownKeys.has(key)) return { ok: false, error: `the link has an unknown part "${key}"` };
  for (const key of knownKeys)
    if (p.getAll(key).length > 1) return { ok: false, error: `the link names "${key}" twice` };
  const instance = p.get('instance');
  if (!instance) return { ok: false, error: 'the link names no instance' };
  const view: ViewLink = { instance };
  const stream = p.get('stream');
  if (stream !== null) view.stream = stream;

  const qText = p.get('q');
  let query: LinkQuery = {};
  if (qText !== null) {
    let raw: unknown;
    try {
      raw = JSON.parse(qText);
    } catch {
      return { ok: false, error: 'the query in the link is not JSON' };
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || 'from' in raw)
      return { ok: false, error: 'the query in the link is not an object of where, select, …' };
    query = raw;
  }
  // The same checks as any query: the link's parts with its instance and stream.
  const checked = querySchema.safeParse({ from: { instance, stream: view.stream }, ...query });
  if (!checked.success)
    return { ok: false, error: `the query in the link: ${describeIssues(checked.error.issues)}` };
  const { from: _from, offset, cursor, ...rest } = checked.data;
  if (offset !== undefined || cursor !== undefined)
    return {
      ok: false,
      error: 'the query in the link pages (offset, cursor): views page by themselves',
    };
  if (Object.keys(rest).length > 0) view.query = rest;

  const range = p.get('range');
  if (range !== null) {
    const r = parseRange(range);
    if (typeof r === 'string') return { ok: false, error: `the link's ${r}` };
    view.range = r;
  }
  const event = p.get('event');
  if (event !== null) {
    if (event === '') return { ok: false, error: 'the link names an empty event' };
    view.event = event;
  }
  const tab = p.get('tab');
  if (tab !== null) {
    if (!linkTabs.includes(tab as ViewLink['tab'] & string))
      return { ok: false, error: `the link's tab "${tab}" is not results or chart` };
    view.tab = tab as ViewLink['tab'];
  }
  const chart = p.get('chart');
  if (chart !== null) {
    if (!linkChartKinds.includes(chart as ViewLink['chart'] & string))
      return {
        ok: false,
        error: `the link's chart "${chart}" is not ${linkChartKinds.join(', ')}`,
      };
    view.chart = chart as ViewLink['chart'];
  }
  return { ok: true, view };
}
