import { Popover } from 'radix-ui';
import { useState } from 'react';
import { resolveTimeRange, useQueryStore, type TimeRange } from '../../state/query-store';
import { DateTimeInput } from '../query-ui/date-time-input';
import { useRunStore } from '../../state/run-store';
import { describeTimeRange, parseRelative, relativePresets } from './time-range-model';

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
    <Popover.Root
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        setFrom(null);
        setTo(null);
        setCustom('');
      }}
    >
      <Popover.Trigger
        className="q-trigger q-time-trigger"
        data-testid="time-range"
        aria-label="time range"
        title={describeTimeRange(range)}
      >
        <ClockIcon />
        <span data-testid="time-range-label">{describeTimeRange(range)}</span>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          className="q-popover q-time-popover"
          align="start"
          sideOffset={4}
          data-testid="time-range-popover"
        >
          <div className="q-time-columns">
            <div className="q-time-presets" role="list">
              {relativePresets.map((p) => (
                <button
                  key={p.last}
                  type="button"
                  role="listitem"
                  className={`q-menu-item ${range?.kind === 'relative' && range.last === p.last ? 'q-on' : ''}`}
                  data-testid={`time-preset-${p.last}`}
                  onClick={() => choose({ kind: 'relative', last: p.last })}
                >
                  {p.label}
                </button>
              ))}
              <button
                type="button"
                role="listitem"
                className={`q-menu-item ${range === null ? 'q-on' : ''}`}
                data-testid="time-preset-all"
                onClick={() => choose(null)}
              >
                All time
              </button>
            </div>
            <div className="q-time-custom">
              <label className="q-field-label">
                Relative
                <span className="q-row">
                  <input
                    className={`q-input ${custom && !customParsed ? 'q-invalid' : ''}`}
                    placeholder="e.g. 90m, 3 hours, 2 weeks"
                    value={custom}
                    data-testid="time-relative-input"
                    onChange={(e) => setCustom(e.target.value)}
                    onKeyDown={(e) => {
                      if (e.key === 'Enter' && customParsed)
                        choose({ kind: 'relative', last: customParsed });
                    }}
                  />
                  <button
                    type="button"
                    className="q-button"
                    disabled={!customParsed}
                    onClick={() => customParsed && choose({ kind: 'relative', last: customParsed })}
                  >
                    Apply
                  </button>
                </span>
              </label>
              <div className="q-field-label">
                Absolute (UTC)
                <span className="q-row">
                  <DateTimeInput
                    value={fromMs === undefined || Number.isNaN(fromMs) ? undefined : fromMs}
                    ariaLabel="from"
                    testId="time-from"
                    onCommit={setFrom}
                  />
                  <span className="q-muted">→</span>
                  <DateTimeInput
                    value={toMs === undefined || Number.isNaN(toMs) ? undefined : toMs}
                    ariaLabel="to"
                    testId="time-to"
                    onCommit={setTo}
                  />
                </span>
                <span className="q-row">
                  <button
                    type="button"
                    className="q-button q-primary"
                    data-testid="time-absolute-apply"
                    disabled={!absoluteOk}
                    onClick={() =>
                      absoluteOk && choose({ kind: 'absolute', from: fromMs, to: toMs })
                    }
                  >
                    Apply range
                  </button>
                  {fromMs !== undefined && toMs !== undefined && fromMs > toMs && (
                    <span className="q-error">the start is after the end</span>
                  )}
                </span>
              </div>
            </div>
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

export function ClockIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" />
      <path d="M8 4v4l2.5 1.5" fill="none" stroke="currentColor" />
    </svg>
  );
}
