import { Popover } from 'radix-ui';
import { useState } from 'react';
import { DayPicker, TZDate } from 'react-day-picker';
import 'react-day-picker/style.css';
import { formatInstant, parseInstant } from '../../../src-shared/contract/instants';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import { parseAbsolute } from '../time-range/time-range-model';

/** `2026-01-10 08:00:00` for an instant (UTC), or the raw text when it is not one. */
export function instantInputText(v: JsonValue | undefined): string {
  const ms = parseInstant(v);
  if (ms === null) return v === undefined || v === null ? '' : JSON.stringify(v);
  return formatInstant(ms)
    .replace('T', ' ')
    .replace(/\.000Z$/u, '')
    .replace(/Z$/u, '');
}

/**
 * A point in time, in UTC: type it (ISO 8601, `2026-01-10 08:00`, epoch ms) or pick the day on
 * a calendar and the time beside it. Commits an ISO string, which the DSL reads as an instant.
 */
export function DateTimeInput(props: {
  value: JsonValue | undefined;
  onCommit: (iso: string) => void;
  ariaLabel: string;
  testId?: string;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const ms = parseInstant(props.value);
  const text = draft ?? instantInputText(props.value);
  const invalid = draft !== null && draft.trim() !== '' && parseAbsolute(draft) === null;

  const commitText = (value: string) => {
    const parsed = parseAbsolute(value);
    if (parsed === null) return; // keep the draft, marked invalid
    setDraft(null);
    props.onCommit(formatInstant(parsed));
  };
  const day = ms === null ? undefined : new Date(ms);
  const time = ms === null ? '00:00:00' : formatInstant(ms).slice(11, 19);

  const pick = (picked: Date | undefined, timeText = time) => {
    if (!picked) return;
    const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/u.exec(timeText.trim());
    const [h, mi, s] = m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [0, 0, 0];
    // The calendar runs in UTC: a TZDate's day fields are the UTC day; a plain Date's UTC ones.
    const utc = picked instanceof TZDate;
    const t = Date.UTC(
      utc ? picked.getFullYear() : picked.getUTCFullYear(),
      utc ? picked.getMonth() : picked.getUTCMonth(),
      utc ? picked.getDate() : picked.getUTCDate(),
      h,
      mi,
      s,
    );
    setDraft(null);
    props.onCommit(formatInstant(t));
  };

  return (
    <span className="q-datetime">
      <input
        className={`q-input q-mono ${invalid ? 'q-invalid' : ''}`}
        value={text}
        aria-label={props.ariaLabel}
        aria-invalid={invalid || undefined}
        title={invalid ? 'not a time: use 2026-01-10 08:00:00 (UTC), ISO 8601 or epoch ms' : 'UTC'}
        placeholder="YYYY-MM-DD HH:MM:SS"
        data-testid={props.testId}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => draft !== null && commitText(draft)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && draft !== null) commitText(draft);
          if (e.key === 'Escape') setDraft(null);
        }}
      />
      <Popover.Root open={open} onOpenChange={setOpen}>
        <Popover.Trigger
          className="q-icon-button"
          aria-label={`${props.ariaLabel}: calendar`}
          data-testid={props.testId ? `${props.testId}-calendar` : undefined}
        >
          <CalendarIcon />
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content className="q-popover q-calendar" align="start" sideOffset={4}>
            <DayPicker
              mode="single"
              timeZone="UTC"
              selected={day}
              defaultMonth={day}
              onSelect={(d) => pick(d)}
              weekStartsOn={1}
              showOutsideDays
            />
            <label className="q-calendar-time">
              Time (UTC)
              <input
                className="q-input q-mono"
                defaultValue={time}
                aria-label="time of day, UTC"
                onKeyDown={(e) => {
                  if (e.key === 'Enter') pick(day ?? new Date(), e.currentTarget.value);
                }}
                onBlur={(e) =>
                  day && e.currentTarget.value !== time && pick(day, e.currentTarget.value)
                }
              />
            </label>
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
    </span>
  );
}

export function CalendarIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true">
      <rect x="2" y="3" width="12" height="11" rx="1.5" fill="none" stroke="currentColor" />
      <path d="M2 6.5h12M5 1.5v3M11 1.5v3" stroke="currentColor" />
    </svg>
  );
}
