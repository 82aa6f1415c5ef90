import { useRef, type HTMLAttributes, type PointerEvent } from 'react';

interface Range {
  value: number;
  min: number;
  max: number;
}

/**
 * Where a key moves a splitter (the region's height, up is smaller): the arrows by a step
 * (Shift: a larger one), Home and End to the ends; null for any other key. Not clamped.
 */
export function splitterKeyTarget(key: string, shift: boolean, range: Range): number | null {
  const step = shift ? 64 : 16;
  switch (key) {
    case 'ArrowUp':
      return range.value - step;
    case 'ArrowDown':
      return range.value + step;
    case 'Home':
      return range.min;
    case 'End':
      return range.max;
    default:
      return null;
  }
}

/**
 * The WAI-ARIA "window splitter" of a horizontal bar, as the props of its element: its role and
 * value, the keys, and dragging with the pointer. Every wanted size is clamped to [min, max].
 */
function useSplitter(range: Range & { onChange: (value: number) => void }) {
  const drag = useRef<{ y: number; start: number } | null>(null);
  const { min, max, value, onChange } = range;
  const clamp = (v: number) => Math.min(max, Math.max(min, v));
  const set = (v: number) => onChange(Math.round(clamp(v)));
  const end = () => {
    drag.current = null;
  };
  const props: HTMLAttributes<HTMLDivElement> = {
    role: 'separator',
    'aria-orientation': 'horizontal',
    'aria-valuemin': min,
    'aria-valuemax': max,
    'aria-valuenow': clamp(value),
    tabIndex: 0,
    onKeyDown: (e) => {
      const next = splitterKeyTarget(e.key, e.shiftKey, range);
      if (next === null) return;
      e.preventDefault();
      set(next);
    },
    onPointerDown: (e: PointerEvent<HTMLDivElement>) => {
      if (e.button !== 0) return;
      e.currentTarget.setPointerCapture(e.pointerId);
      drag.current = { y: e.clientY, start: value };
    },
    onPointerMove: (e) => {
      if (drag.current) set(drag.current.start + e.clientY - drag.current.y);
    },
    onPointerUp: end,
    onPointerCancel: end,
  };
  return props;
}

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
  const splitter = useSplitter(props);
  return (
    <div
      className="splitter"
      aria-label={props.label}
      aria-controls={props.controls}
      data-testid={props.testId}
      {...splitter}
    />
  );
}
