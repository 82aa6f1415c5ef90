import { useRef, type KeyboardEvent, type PointerEvent } from 'react';

/**
 * A horizontal bar that resizes the region above it (`.splitter`, kit.css): dragged with the
 * pointer, or focused and moved with the arrow keys (Shift: larger steps), Home and End — the
 * WAI-ARIA "window splitter" pattern. The value is the region's height in pixels; the owner
 * keeps it (and remembers it), this only reports the wanted size, clamped to [min, max].
 */
export function Splitter(props: {
  label: string;
  /** The id of the region it resizes. */
  controls: string;
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
  testId?: string;
}) {
  const drag = useRef<{ y: number; start: number } | null>(null);
  const { min, max, value, onChange } = props;
  const set = (v: number) => onChange(Math.round(Math.min(max, Math.max(min, v))));
  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 64 : 16;
    const next =
      e.key === 'ArrowUp'
        ? value - step
        : e.key === 'ArrowDown'
          ? value + step
          : e.key === 'Home'
            ? min
            : e.key === 'End'
              ? max
              : null;
    if (next === null) return;
    e.preventDefault();
    set(next);
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { y: e.clientY, start: value };
  };
  const onPointerMove = (e: PointerEvent) => {
    if (drag.current) set(drag.current.start + e.clientY - drag.current.y);
  };
  const end = () => {
    drag.current = null;
  };
  return (
    <div
      className="splitter"
      role="separator"
      aria-orientation="horizontal"
      aria-label={props.label}
      aria-controls={props.controls}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-valuenow={Math.min(max, Math.max(min, value))}
      tabIndex={0}
      data-testid={props.testId}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={end}
      onPointerCancel={end}
    />
  );
}
