import { useState } from 'react';
import { DayPicker, TZDate } from 'react-day-picker';
import 'react-day-picker/style.css';
import { formatInstant, parseInstant } from '../../src-shared/contract/instants';
import type { JsonValue } from '../../src-shared/contract/json-value';
import { Icon } from './icons';
import { Popover } from './popover';
import { instantInputText, parseAbsolute } from './instant-text';

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
    <span className="datetime">
      <input
        className="input input-tool"
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
      <Popover
        className="calendar"
        trigger={
          <button
            type="button"
            className="icon-button icon-button-small"
            aria-label={`${props.ariaLabel}: calendar`}
            data-testid={props.testId ? `${props.testId}-calendar` : undefined}
          >
            {/* 10 px: what the button's padding leaves it (it was drawn squeezed to this). */}
            <Icon name="calendar" size={10} />
          </button>
        }
      >
        <DayPicker
          mode="single"
          timeZone="UTC"
          selected={day}
          defaultMonth={day}
          onSelect={(d) => pick(d)}
          weekStartsOn={1}
          showOutsideDays
        />
        <label className="calendar-time">
          Time (UTC)
          <input
            className="input input-tool"
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
      </Popover>
    </span>
  );
}
