import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * Renders its children inside a shadow root. CodeMirror styles itself with generated CSS; in a
 * document it injects a <style> element, which our CSP (style-src 'self') refuses, while in a
 * shadow root it uses constructed style sheets (adoptedStyleSheets), which the CSP allows. So
 * code editors live in here, and get the shadow root to mount their styles in.
 * `css` is adopted into the shadow root the same way; CSS variables and inherited properties
 * (font, colour) still come through from the page.
 */
export function ShadowHost(props: {
  className?: string;
  css?: string;
  children: (root: ShadowRoot) => ReactNode;
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const [root, setRoot] = useState<ShadowRoot | null>(null);
  useLayoutEffect(() => {
    const el = host.current;
    if (!el) return;
    const shadow = el.shadowRoot ?? el.attachShadow({ mode: 'open' });
    if (props.css) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(props.css);
      shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
    }
    setRoot(shadow);
    // The root lives as long as its host element.
  }, [props.css]);
  return (
    <div ref={host} className={props.className} data-testid={props.testId}>
      {root && createPortal(props.children(root), root)}
    </div>
  );
}
