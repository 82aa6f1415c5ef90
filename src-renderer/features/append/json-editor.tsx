import { json, jsonParseLinter } from '@codemirror/lang-json';
import { linter, lintGutter } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useEffectiveTheme } from '../../state/theme-store';

const look = EditorView.theme({
  '&': { fontSize: '12px', backgroundColor: 'var(--panel)' },
  '.cm-content, .cm-gutters': { fontFamily: 'var(--font-mono)' },
  '.cm-gutters': { backgroundColor: 'var(--panel-2)', borderRight: '1px solid var(--border)' },
});

/**
 * A JSON editor: syntax errors are marked where they occur (CodeMirror's JSON linter).
 *
 * CodeMirror lives in a shadow root: for a document it injects its styles as <style> elements,
 * which the app's CSP (style-src 'self') refuses; inside a shadow root it uses constructed
 * stylesheets (adoptedStyleSheets), which the CSP allows. Colours still come from the app's
 * tokens, since CSS custom properties inherit into shadow trees.
 */
export function JsonEditor(props: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  testId: string;
  height?: string;
}) {
  const theme = useEffectiveTheme();
  const extensions = useMemo(
    () => [json(), linter(jsonParseLinter(), { delay: 200 }), lintGutter(), look],
    [],
  );
  const host = useRef<HTMLDivElement>(null);
  const [shadow, setShadow] = useState<ShadowRoot | null>(null);
  useLayoutEffect(() => {
    const el = host.current;
    if (el) setShadow(el.shadowRoot ?? el.attachShadow({ mode: 'open' }));
  }, []);
  return (
    <div className="json-editor" data-testid={props.testId} ref={host}>
      {shadow &&
        createPortal(
          <CodeMirror
            value={props.value}
            root={shadow}
            height={props.height ?? '140px'}
            theme={theme}
            extensions={extensions}
            aria-label={props.label}
            basicSetup={{ foldGutter: false, highlightActiveLine: false, autocompletion: false }}
            onChange={props.onChange}
          />,
          shadow,
        )}
    </div>
  );
}

/** Where a JSON text fails to parse, as "line L, column C: reason", or null when it parses. */
export function jsonProblem(text: string): string | null {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      return 'must be a JSON object { … }';
    return null;
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/u.exec(message);
    if (!at) return message;
    const pos = Number(at[1]);
    const before = text.slice(0, pos).split('\n');
    return `line ${before.length}, column ${before[before.length - 1]!.length + 1}: ${message.replace(/ in JSON at position \d+.*$/u, '')}`;
  }
}
