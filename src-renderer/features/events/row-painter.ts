import type { Highlighter } from '../../../src-shared/search/highlight';
import type { TimeZoneMode } from '../../state/ui-store';
import { summaryColumnId } from './column-defs';
import { fitText, type Measure } from './fit-text';
import { formatTime } from './format';
import { columnField, visibleMatches } from './match-ranges';
import type { RowList } from './paged-rows';
import type { RowItem } from './row-range';
import type { Severity } from './severity';
import { RowSlots } from './row-slots';
import type { RowFlags } from './stream-flags';
import type { TableRow } from './use-event-pages';

/** A column as the body draws it: its id and width, from the table's column model. */
export interface BodyColumn {
  id: string;
  size: number;
  /** Index into TableRow.extra for payload/metadata columns. */
  extra: number | null;
  /** Width for the cell's text (px): it is cut to fit in script (see fitText). */
  textWidth: number;
}

/** The horizontal padding of a cell (`.td` in app.css), on each side. */
export const cellPadding = 8;

/** What the body shows, apart from where the view is: the table's state. */
export interface BodyView {
  rows: RowList;
  columns: readonly BodyColumn[];
  timeZone: TimeZoneMode;
  measure: Measure;
  selectedId: string | null;
  /** Gap and backwards-time flags of a row (stream views), or null. */
  flags: ((rows: RowList, index: number) => RowFlags) | null;
  /** A row's severity (its colour), or null: no field to colour by. */
  severity: ((row: TableRow) => Severity | null) | null;
  /** The search's matches to mark in the cells (the shared highlighter: the engine's folding). */
  highlighter: Highlighter;
  /** The event a context view ("Around this event", "Show in stream") was opened at. */
  markedId: string | null;
  /** A row's bookmark (its colour, and its note shown on hover), or null. */
  bookmark: (row: TableRow) => RowBookmark | null;
}

export interface RowBookmark {
  colour: string;
  note: string;
}

/**
 * The name of the search matches' highlight (`::highlight(search-match)` in the feature's CSS).
 * Cells are marked with the CSS Custom Highlight API: ranges over the cells' text nodes, so a
 * marked cell keeps its one text node and the painter's writes stay as they are.
 */
export const matchHighlightName = 'search-match';

const noFlags: RowFlags = { gap: 0, backwards: false };

function cellText(column: BodyColumn, row: TableRow, timeZone: TimeZoneMode): string {
  switch (column.id) {
    case 'timestamp':
      return formatTime(row.ts, timeZone);
    case 'stream_id':
      return row.stream;
    case 'event_type':
      return row.type;
    case 'sequence_number':
      return String(row.seq);
    case summaryColumnId:
      return row.summary;
    default:
      return column.extra === null ? '' : (row.extra[column.extra] ?? '');
  }
}

/** One row element and what it shows now (null row: nothing yet, or the columns changed). */
interface Slot {
  el: HTMLDivElement;
  texts: Text[];
  attached: boolean;
  row: TableRow | null;
  index: number;
  start: number;
  className: string;
  selected: boolean;
  flags: RowFlags;
  severity: Severity | null;
  /** This slot's ranges in the match highlight. */
  matches: globalThis.Range[];
  /** The bookmark mark drawn on the row (colour + note), '' for none. */
  bookmark: string;
}

/**
 * Draws the rows of the event table into its body element, without React. Scrolling changes
 * which rows are in view on every frame, about 25 of them in a fast fling; drawing them here
 * costs the DOM writes and nothing else. With React rows, each frame re-rendered the table and
 * diffed every row's props: in a 25-rows-a-frame scroll the renderer's main thread spent
 * 11.3 ms a frame against 9.8 here, and raster 2.2 against 1.7 (alternating runs).
 *
 * Rows keep their elements: a row scrolling into view takes over the element of one that left
 * (RowSlots), gets its texts and place written, and nothing else is touched. Elements stay in
 * slot order in the DOM (rows are placed by transform, so the order does not show); slots not
 * needed leave the DOM, so only rows in view (plus overscan) exist there.
 */
export class RowPainter {
  private readonly slots: Slot[] = [];
  private readonly keys = new RowSlots();
  private readonly loading: HTMLDivElement;
  private view: BodyView | null = null;
  private items: readonly RowItem[] = [];
  private builtFor: readonly BodyColumn[] | null = null;
  /** Absent where the browser has no CSS Custom Highlight API: cells are then not marked. */
  private readonly highlight: Highlight | null =
    typeof Highlight === 'function' && typeof CSS !== 'undefined' && 'highlights' in CSS
      ? new Highlight()
      : null;

  constructor(
    private readonly body: HTMLElement,
    private readonly onSelect: (id: string, index: number) => void,
  ) {
    this.loading = document.createElement('div');
    this.loading.className = 'tr tr-loading';
    this.loading.dataset.testid = 'rows-loading';
    this.loading.textContent = 'Loading more…';
    body.addEventListener('click', this.onClick);
    if (this.highlight) CSS.highlights.set(matchHighlightName, this.highlight);
  }

  dispose(): void {
    this.body.removeEventListener('click', this.onClick);
    if (this.highlight && CSS.highlights.get(matchHighlightName) === this.highlight)
      CSS.highlights.delete(matchHighlightName);
    this.body.replaceChildren();
  }

  /** The table's state changed (after a render): repaint what differs, with the rows in view. */
  setView(view: BodyView, items: readonly RowItem[]): void {
    const last = this.view;
    this.view = view;
    this.items = items;
    if (view.columns !== this.builtFor) this.rebuildCells(view.columns);
    else if (
      last &&
      (last.timeZone !== view.timeZone ||
        last.measure !== view.measure ||
        last.highlighter !== view.highlighter)
    )
      for (const slot of this.slots) slot.row = null;
    this.paint();
  }

  /** The rows in view changed (scroll, resize). */
  setItems(items: readonly RowItem[]): void {
    this.items = items;
    this.paint();
  }

  private paint(): void {
    const view = this.view;
    if (!view) return;
    const { rows } = view;
    const shown = this.items.filter((item) => item.index < rows.length);
    const slotOf = this.keys.assign(shown.map((item) => item.index));
    const used = new Set(slotOf);
    for (let s = 0; s < this.slots.length; s++) {
      const slot = this.slots[s]!;
      if (slot.attached && !used.has(s)) {
        slot.el.remove();
        slot.attached = false;
        // Its marks go with it (a highlight holds ranges, not elements): drawn again on return.
        if (slot.matches.length > 0) this.clearMatches(slot);
      }
    }
    shown.forEach((item, i) => {
      const s = slotOf[i]!;
      const slot = this.slots[s] ?? this.makeSlot(s, view.columns);
      this.update(slot, item, view);
      if (!slot.attached) this.attach(s);
    });
    const more = this.items.find((item) => item.index >= rows.length);
    if (more) {
      this.loading.style.transform = `translateY(${more.start}px)`;
      if (!this.loading.isConnected) this.body.append(this.loading);
    } else if (this.loading.isConnected) this.loading.remove();
  }

  private update(slot: Slot, item: RowItem, view: BodyView): void {
    const row = view.rows.row(item.index)!;
    const { el } = slot;
    const index = item.index;
    const flags = view.flags ? view.flags(view.rows, index) : noFlags;
    const flagsChanged = flags.gap !== slot.flags.gap || flags.backwards !== slot.flags.backwards;
    if (slot.row !== row || slot.index !== index) {
      slot.severity = view.severity ? view.severity(row) : null;
      if (slot.severity) el.dataset.severity = slot.severity;
      else delete el.dataset.severity;
      el.setAttribute('aria-rowindex', String(index + 2));
      el.dataset.index = String(index);
      el.dataset.eventId = row.id;
      el.dataset.seq = String(row.seq);
      el.dataset.stream = row.stream;
      this.clearMatches(slot);
      view.columns.forEach((column, c) => {
        const full = cellText(column, row, view.timeZone);
        const shown = fitText(full, column.textWidth, view.measure);
        const text = slot.texts[c]!;
        text.data = shown;
        const field = this.highlight && columnField(column.id);
        if (field)
          this.markMatches(slot, text, visibleMatches(view.highlighter, full, shown, field));
      });
    }
    // The marks stay in their cell while its text changes: only a change of flags touches them.
    if (flagsChanged) this.paintFlags(slot, view, flags);
    this.paintBookmark(slot, view.bookmark(row));
    slot.row = row;
    slot.index = index;
    slot.flags = flags;
    if (slot.start !== item.start) {
      el.style.transform = `translateY(${item.start}px)`;
      slot.start = item.start;
    }
    const selected = row.id === view.selectedId;
    if (selected !== slot.selected) {
      el.setAttribute('aria-selected', String(selected));
      slot.selected = selected;
    }
    const marked = row.id === view.markedId;
    const className = `tr${selected ? ' tr-selected' : ''}${marked ? ' tr-marked' : ''}${index % 2 ? ' tr-odd' : ''}${slot.severity ? ` tr-sev-${slot.severity}` : ''}`;
    if (className !== slot.className) {
      el.className = className;
      slot.className = className;
    }
  }

  private clearMatches(slot: Slot): void {
    for (const range of slot.matches) this.highlight?.delete(range);
    slot.matches = [];
    slot.row = null;
  }

  private markMatches(slot: Slot, text: Text, ranges: readonly [number, number][]): void {
    for (const [start, end] of ranges) {
      const range = new Range();
      range.setStart(text, start);
      range.setEnd(text, end);
      this.highlight!.add(range);
      slot.matches.push(range);
    }
  }

  /** The sequence cell's gap and backwards-time marks (stream views). */
  private paintFlags(slot: Slot, view: BodyView, flags: RowFlags): void {
    const c = view.columns.findIndex((column) => column.id === 'sequence_number');
    const cell = c < 0 ? null : (slot.texts[c]!.parentElement as HTMLElement);
    if (!cell) return;
    cell.querySelector('.row-flags')?.remove();
    const flagged = flags.gap > 0 || flags.backwards;
    cell.classList.toggle('td-flagged', flagged);
    if (!flagged) return;
    const marks = document.createElement('span');
    marks.className = 'row-flags';
    marks.dataset.testid = 'row-flag';
    if (flags.gap > 0) {
      const gap = flags.gap;
      marks.append(
        flag(
          'gap',
          `+${gap}`,
          `${gap} sequence ${gap === 1 ? 'number' : 'numbers'} skipped before this event (filtered out or missing)`,
        ),
      );
    }
    if (flags.backwards)
      marks.append(
        flag('back', '⟲', "This event's time is earlier than the previous event's in the stream"),
      );
    cell.append(marks);
  }

  /** The row's bookmark bar and its note as the row's title; written only when they change. */
  private paintBookmark(slot: Slot, mark: RowBookmark | null): void {
    const key = mark ? `${mark.colour}\u0000${mark.note}` : '';
    if (key === slot.bookmark) return;
    slot.bookmark = key;
    const { el } = slot;
    el.querySelector(':scope > .row-bookmark')?.remove();
    if (!mark) {
      delete el.dataset.bookmark;
      el.removeAttribute('title');
      return;
    }
    const bar = document.createElement('span');
    bar.className = `row-bookmark bookmark-bg bookmark-${mark.colour}`;
    bar.dataset.testid = 'row-bookmark';
    el.append(bar);
    el.dataset.bookmark = mark.colour;
    el.title = mark.note ? `Bookmark: ${mark.note}` : 'Bookmarked (no note)';
  }

  private makeSlot(s: number, columns: readonly BodyColumn[]): Slot {
    const el = document.createElement('div');
    el.setAttribute('role', 'row');
    el.setAttribute('aria-selected', 'false');
    el.dataset.testid = 'event-row';
    const slot: Slot = {
      el,
      texts: [],
      attached: false,
      row: null,
      index: -1,
      start: Number.NaN,
      className: '',
      selected: false,
      flags: noFlags,
      severity: null,
      matches: [],
      bookmark: '',
    };
    this.fillCells(slot, columns);
    this.slots[s] = slot;
    return slot;
  }

  private rebuildCells(columns: readonly BodyColumn[]): void {
    this.builtFor = columns;
    for (const slot of this.slots) {
      slot.el.replaceChildren();
      this.fillCells(slot, columns);
      slot.row = null;
      slot.flags = noFlags;
      // Its bar went with the cells: drawn again on the next paint.
      slot.bookmark = '';
      delete slot.el.dataset.bookmark;
      slot.el.removeAttribute('title');
    }
  }

  private fillCells(slot: Slot, columns: readonly BodyColumn[]): void {
    slot.texts = columns.map((column) => {
      const cell = document.createElement('div');
      cell.setAttribute('role', 'gridcell');
      cell.className = `td td-${column.id === summaryColumnId ? 'summary' : 'field'}`;
      cell.style.width = `${column.size}px`;
      cell.dataset.column = column.id;
      const text = document.createTextNode('');
      cell.append(text);
      slot.el.append(cell);
      return text;
    });
  }

  /** Into the DOM before the next attached slot, so the elements stay in slot order. */
  private attach(s: number): void {
    const slot = this.slots[s]!;
    let next: Element | null = this.loading.isConnected ? this.loading : null;
    for (let n = s + 1; n < this.slots.length; n++) {
      const later = this.slots[n];
      if (later?.attached) {
        next = later.el;
        break;
      }
    }
    this.body.insertBefore(slot.el, next);
    slot.attached = true;
  }

  private readonly onClick = (e: MouseEvent): void => {
    const target = e.target instanceof Element ? e.target : null;
    const el = target?.closest<HTMLElement>('[data-testid="event-row"]');
    if (!el || !this.view) return;
    const index = Number(el.dataset.index);
    const row = this.view.rows.row(index);
    if (row) this.onSelect(row.id, index);
  };
}

function flag(kind: 'gap' | 'back', text: string, title: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = `flag flag-${kind}`;
  span.dataset.flag = kind === 'gap' ? 'gap' : 'backwards';
  span.title = title;
  span.textContent = text;
  return span;
}
