import { useLayoutEffect, useState, type RefObject } from 'react';

export interface ClientSize {
  width: number;
  height: number;
}

/** An element's client size (px), kept current as it resizes; read before the first paint. */
export function useClientSize(ref: RefObject<HTMLElement | null>): ClientSize {
  const [size, setSize] = useState<ClientSize>({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = () =>
      setSize((prev) =>
        prev.width === el.clientWidth && prev.height === el.clientHeight
          ? prev
          : { width: el.clientWidth, height: el.clientHeight },
      );
    read();
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
