import { useState } from 'react';
import { Popover } from '../../components/popover';
import { resolveTimeRange, useQueryStore, type TimeRange } from '../../state/query-store';
import { DateTimeInput } from '../../components/date-time-input';
import { useRunStore } from '../../state/run-store';
import { describeTimeRange, parseRelative, relativePresets } from './time-range-model';
import './time-range.css';
import { ToolButton } from '../../components/tool-button';

/**
 * The time range: relative ("last 15 minutes" — re-resolved at every run) or absolute, or all
 * time. Absolute bounds are typed or picked on a calendar, in UTC.
 */
export function TimeRangePicker() {
  const range = useQueryStore((s) => s.timeRange);
  const setRange = useQueryStore((s) => s.setTimeRange);
  const anchor = useRunStore((s) => s.anchor);
  const bump = useRunStore((s) => s.bump);
  const [open, setOpen] = useState(false);
  const resolved = range ? resolveTimeRange(range, anchor) : null;
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [custom, setCustom] = useState('');
  const customParsed = custom.trim() === '' ? null : parseRelative(custom);

  const choose = (next: TimeRange | null) => {
    setRange(next);
    bump();
    setOpen(false);
  };
  const fromMs = from !== null ? Date.parse(from) : resolved?.from;
  const toMs = to !== null ? Date.parse(to) : resolved?.to;
  const absoluteOk = fromMs !== undefined && toMs !== undefined && fromMs <= toMs;

  return (
    <Popover
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setFrom(null);
        setTo(null);
        setCustom('');
      }}
      className="time-popover"
      testId="time-range-popover"
      trigger={
        <ToolButton
          className="time-trigger"
          data-testid="time-range"
          aria-label="time range"
          title={describeTimeRange(range)}
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
              className={`menu-item ${range?.kind === 'relative' && range.last === p.last ? 'is-on' : ''}`}
              data-testid={`time-preset-${p.last}`}
              onClick={() => choose({ kind: 'relative', last: p.last })}
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
                  if (e.key === 'Enter' && customParsed)
                    choose({ kind: 'relative', last: customParsed });
                }}
              />
              <ToolButton
                disabled={!customParsed}
                onClick={() => customParsed && choose({ kind: 'relative', last: customParsed })}
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
  );
}
