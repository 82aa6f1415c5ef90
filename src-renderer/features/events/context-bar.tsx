import { useState } from 'react';
import { maxAroundEvents, maxAroundSeconds } from '../../../src-shared/search/around';
import { useContextStore, type ContextView } from '../../state/context-store';
import { useUiStore } from '../../state/ui-store';
import { formatTime } from './format';
import './context.css';

/** The two spans of "Around this event": events of its stream, and seconds across the instance. */
const aroundSpans = [
  {
    side: 'events',
    max: maxAroundEvents,
    step: '1',
    unit: 'in its stream',
    label: 'Events of its stream on each side',
  },
  {
    side: 'seconds',
    max: maxAroundSeconds,
    step: 'any',
    unit: 's across the instance',
    label: 'Seconds on each side across the instance',
  },
] as const;

/**
 * Above the table while a context view is open: what it shows, N and T to adjust ("Around
 * this event"), and the way back to the query's results.
 */
export function ContextBar({ view }: { view: ContextView }) {
  const close = useContextStore((s) => s.close);
  const timeZone = useUiStore((s) => s.timeZone);
  const { anchor } = view;
  const at = formatTime(Date.parse(anchor.timestamp), timeZone);
  return (
    <div
      className="context-bar"
      role="region"
      aria-label="Context of an event"
      data-testid="context-bar"
      data-kind={view.kind}
    >
      <span className="context-title">
        {view.kind === 'around' ? 'Around this event' : 'In its stream'}
      </span>
      <span
        className="muted mono context-anchor"
        title={`${anchor.stream_id} #${anchor.sequence_number} · ${at}\n${anchor.id}`}
      >
        {anchor.stream_id} #{anchor.sequence_number} · {at}
      </span>
      {view.kind === 'around' &&
        aroundSpans.map((o) => (
          <NumberOption
            key={`${o.side}${view[o.side]}`}
            value={view[o.side]}
            max={o.max}
            step={o.step}
            unit={o.unit}
            testId={`around-${o.side}`}
            label={o.label}
            apply={(n) => useContextStore.getState().showAround(anchor, { [o.side]: n })}
          />
        ))}
      <span className="toolbar-spacer" />
      <button
        type="button"
        className="button button-small"
        data-testid="context-back"
        onClick={close}
      >
        Back to the results
      </button>
    </div>
  );
}

/**
 * "± n unit": a whole number (or seconds) applied on Enter or on leaving the field; out of
 * range is refused.
 */
function NumberOption(props: {
  value: number;
  max: number;
  step?: string;
  unit: string;
  testId: string;
  label: string;
  apply(value: number): void;
}) {
  const [text, setText] = useState(String(props.value));
  const n = Number(text);
  const valid =
    text.trim() !== '' &&
    Number.isFinite(n) &&
    n >= 0 &&
    n <= props.max &&
    (props.step === 'any' || Number.isInteger(n));
  const commit = () => {
    if (valid && n !== props.value) props.apply(n);
  };
  return (
    <label className="context-option">
      ±
      <input
        type="number"
        className="input input-tool context-number"
        min={0}
        max={props.max}
        step={props.step ?? 1}
        value={text}
        aria-label={props.label}
        aria-invalid={!valid}
        title={valid ? props.label : `${props.label}: from 0 to ${props.max}`}
        data-testid={props.testId}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      {props.unit}
    </label>
  );
}
