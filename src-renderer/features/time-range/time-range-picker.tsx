import { useEffect, useState } from 'react';
import { useOperation } from '../../client/use-operation';
import { Popover, usePopoverState } from '../../components/popover';
import { Segmented } from '../../components/segmented';
import { resolveTimeRange, useQueryStore, type TimeRange } from '../../state/query-store';
import { DateTimeInput } from '../../components/date-time-input';
import { moveTimeRange, undoTimeRange, useRangeUndo } from '../../state/range-undo-store';
import { useRunStore } from '../../state/run-store';
import {
  dataRange,
  defaultRangeEnd,
  describeTimeRange,
  instantText,
  parseRelative,
  relativePresets,
  zoomOut,
} from './time-range-model';
import './time-range.css';
import { ToolButton } from '../../components/tool-button';
import type { ButtonAction } from '../../components/action-button';
import type { IconName } from '../../components/icons';
import { usePick } from '../../state/use-pick';

type RangeEnd = 'now' | 'data';
const endLabels: Record<RangeEnd, string> = { now: 'Now', data: 'Last event' };

/** The instance's first and last event times; keeps the run store's `dataEnd` current. */
function useDataSpan(instance: string | null): { first: number; last: number } | null {
  const stats = useOperation(
    'getInstanceStats',
    { instanceId: instance ?? '' },
    { enabled: instance !== null },
  );
  const first = stats.data?.firstEventAt ? Date.parse(stats.data.firstEventAt) : null;
  const last = stats.data?.lastEventAt ? Date.parse(stats.data.lastEventAt) : null;
  const setDataEnd = useRunStore((s) => s.setDataEnd);
  useEffect(() => setDataEnd(last), [last, setDataEnd]);
  return first !== null && last !== null ? { first, last } : null;
}

/**
 * The time range: relative ("last 15 minutes" — re-resolved at every run), ending now or at
 * the instance's last event (historical logs), or absolute, or all time. Absolute bounds are
 * typed or picked on a calendar, in UTC. Beside it: zoom out ×2 and undo of range moves.
 */
export function TimeRangePicker() {
  const { instance, timeRange: range } = usePick(useQueryStore, 'instance', 'timeRange');
  const anchor = useRunStore((s) => s.anchors);
  const canUndo = useRangeUndo((s) => s.previous.length > 0);
  const span = useDataSpan(instance);
  const resolved = range ? resolveTimeRange(range, anchor) : null;
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [custom, setCustom] = useState('');
  const [endChoice, setEndChoice] = useState<RangeEnd | null>(null);
  const { open, setOpen, onOpenChange } = usePopoverState(() => {
    setFrom(null);
    setTo(null);
    setCustom('');
    setEndChoice(null);
  });
  const customParsed = custom.trim() === '' ? null : parseRelative(custom);
  // The range's own end while one is chosen; otherwise what fits the data.
  const end: RangeEnd =
    endChoice ??
    (range?.kind === 'relative'
      ? (range.end ?? 'now')
      : defaultRangeEnd(span?.last ?? null, anchor.now));
  const relative = (last: string): TimeRange =>
    end === 'data' ? { kind: 'relative', last, end } : { kind: 'relative', last };

  const choose = (next: TimeRange | null) => {
    moveTimeRange(next);
    setOpen(false);
  };
  const shown = resolved ?? (span ? { from: span.first, to: span.last } : null);
  const fromMs = from !== null ? Date.parse(from) : resolved?.from;
  const toMs = to !== null ? Date.parse(to) : resolved?.to;
  const absoluteOk = fromMs !== undefined && toMs !== undefined && fromMs <= toMs;
  // The icon tools after the picker (their label is for screen readers and the tooltip).
  const tools: (ButtonAction & { icon: IconName; label: string })[] = [
    {
      icon: 'zoomOut',
      label: 'Zoom out',
      title: 'Zoom out: twice the time span, around the same middle',
      testId: 'time-zoom-out',
      disabled: !shown,
      onClick: () => shown && moveTimeRange(zoomOut(shown)),
    },
    {
      icon: 'undo',
      label: 'Undo time range',
      title: 'Back to the time range before the last zoom, drag or choice',
      testId: 'time-undo',
      disabled: !canUndo,
      onClick: undoTimeRange,
    },
  ];

  return (
    <>
      <Popover
        open={open}
        onOpenChange={onOpenChange}
        className="time-popover"
        testId="time-range-popover"
        trigger={
          <ToolButton
            className="time-trigger"
            data-testid="time-range"
            aria-label="time range"
            title={
              resolved
                ? `${describeTimeRange(range)}: ${instantText(resolved.from)} → ${instantText(resolved.to)} UTC`
                : describeTimeRange(range)
            }
            icon="clockThin"
          >
            <span data-testid="time-range-label">{describeTimeRange(range)}</span>
          </ToolButton>
        }
      >
        <div className="time-columns">
          <div className="time-presets" role="list">
            {relativePresets.map((p) => (
              <button
                key={p.last}
                type="button"
                role="listitem"
                className={`menu-item ${range?.kind === 'relative' && range.last === p.last && (range.end ?? 'now') === end ? 'is-on' : ''}`}
                data-testid={`time-preset-${p.last}`}
                onClick={() => choose(relative(p.last))}
              >
                {p.label}
              </button>
            ))}
            <button
              type="button"
              role="listitem"
              className={`menu-item ${range === null ? 'is-on' : ''}`}
              data-testid="time-preset-all"
              onClick={() => choose(null)}
            >
              All time
            </button>
          </div>
          <div className="time-custom">
            <div className="time-field">
              Relative ranges end at
              <span className="row">
                <Segmented
                  label="Relative ranges end at"
                  kind="radio"
                  small
                  options={['now', 'data'] as const}
                  value={end}
                  render={(o) => endLabels[o]}
                  testId={(o) => `time-end-${o}`}
                  title={(o) =>
                    o === 'data'
                      ? span
                        ? `The instance's last event, ${instantText(span.last)} UTC`
                        : 'The instance has no events'
                      : 'The time of the last run'
                  }
                  onChange={setEndChoice}
                />
                <ToolButton
                  data-testid="time-zoom-data"
                  disabled={!span}
                  title="From the first to the last event of the instance"
                  onClick={() => span && choose(dataRange(span.first, span.last))}
                >
                  Zoom to the data
                </ToolButton>
              </span>
            </div>
            <label className="time-field">
              Relative
              <span className="row">
                <input
                  className="input input-tool"
                  aria-invalid={custom !== '' && !customParsed ? true : undefined}
                  placeholder="e.g. 90m, 3 hours, 2 weeks"
                  value={custom}
                  data-testid="time-relative-input"
                  onChange={(e) => setCustom(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && customParsed) choose(relative(customParsed));
                  }}
                />
                <ToolButton
                  disabled={!customParsed}
                  onClick={() => customParsed && choose(relative(customParsed))}
                >
                  Apply
                </ToolButton>
              </span>
            </label>
            <div className="time-field">
              Absolute (UTC)
              <span className="row">
                <DateTimeInput
                  value={fromMs === undefined || Number.isNaN(fromMs) ? undefined : fromMs}
                  ariaLabel="from"
                  testId="time-from"
                  onCommit={setFrom}
                />
                <span className="muted">→</span>
                <DateTimeInput
                  value={toMs === undefined || Number.isNaN(toMs) ? undefined : toMs}
                  ariaLabel="to"
                  testId="time-to"
                  onCommit={setTo}
                />
              </span>
              <span className="row">
                <ToolButton
                  className="button-primary"
                  data-testid="time-absolute-apply"
                  disabled={!absoluteOk}
                  onClick={() => absoluteOk && choose({ kind: 'absolute', from: fromMs, to: toMs })}
                >
                  Apply range
                </ToolButton>
                {fromMs !== undefined && toMs !== undefined && fromMs > toMs && (
                  <span className="text-error">the start is after the end</span>
                )}
              </span>
            </div>
          </div>
        </div>
      </Popover>

      {tools.map((tool) => (
        <ToolButton
          key={tool.testId}
          icon={tool.icon}
          aria-label={tool.label}
          title={tool.title}
          data-testid={tool.testId}
          disabled={tool.disabled}
          onClick={tool.onClick}
        />
      ))}
    </>
  );
}
