import { json } from '@codemirror/lang-json';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { Prec } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import CodeMirror from '@uiw/react-codemirror';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Instance } from '../../../src-shared/contract/records';
import { useQueryStore } from '../../state/query-store';
import { useEffectiveTheme } from '../../state/theme-store';
import { useRunStore } from '../../state/run-store';
import { useCurrentQuery } from '../query-run/use-current-query';
import { useLatest } from '../../components/use-latest';
import { ShadowHost } from '../../components/shadow-host';
import { parseQueryText, partsToText, type ParsedQueryText } from './query-text';
import './query-json.css';
import { usePick } from '../../state/use-pick';

const applyDelayMs = 600;

/** Inside the editor's shadow root: fill the pane, use the app's monospace and colours. */
const shadowCss = `
  :host { display: block; }
  .cm-theme, .cm-theme-light, .cm-theme-dark { height: 100%; }
`;

const editorTheme = EditorView.theme({
  '&': { height: '100%', fontSize: '12px', backgroundColor: 'var(--panel)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.5' },
  '.cm-gutters': { backgroundColor: 'var(--panel)', borderRight: '1px solid var(--border)' },
  '.cm-tooltip-lint': { fontFamily: 'system-ui, sans-serif', fontSize: '12px' },
});

/**
 * The current query as DSL JSON, editable, in sync with the builder both ways: the builder's
 * changes rewrite the text (unless the user is in the middle of editing it), and valid text is
 * applied after a pause in typing, or at once with Ctrl+Enter. Invalid text is marked where it
 * is wrong and changes nothing.
 */
export function QueryJsonEditor(props: { instances: readonly Instance[] }) {
  const { parts, anchor } = useCurrentQuery();
  const { setParts, setInstance } = usePick(useQueryStore, 'setParts', 'setInstance');
  const bump = useRunStore((s) => s.bump);
  const shown = useMemo(
    () => partsToText(parts, props.instances, anchor),
    [parts, props.instances, anchor],
  );
  // CodeMirror is driven imperatively: its `value` prop defers updates while the user types and
  // may then apply a stale one, overwriting newer text. The prop only sets the first text.
  const [initialText] = useState(shown);
  const view = useRef<EditorView | null>(null);
  const [result, setResult] = useState<ParsedQueryText | null>(null);
  // The text holds edits not applied yet: read by the handlers (a ref), shown in the status.
  const dirty = useRef(false);
  const [editing, setEditing] = useState(false);
  const setDirty = (on: boolean) => {
    dirty.current = on;
    setEditing(on);
  };
  const justApplied = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const theme = useEffectiveTheme();
  const latest = useLatest({ parts, anchor, instances: props.instances });

  // The store moved on (builder, facets, histogram...): show it, unless the text holds edits.
  useEffect(() => {
    if (dirty.current) return;
    // The change this text itself caused keeps its notes ("offset is not applied").
    if (justApplied.current) justApplied.current = false;
    else setResult(null);
    const v = view.current;
    if (v && v.state.doc.toString() !== shown) {
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: shown } });
    }
  }, [shown]);

  const parse = (t: string) =>
    parseQueryText(t, latest.current.parts, latest.current.instances, latest.current.anchor);

  const apply = (t: string) => {
    clearTimeout(timer.current);
    const r = parse(t);
    setResult(r);
    if (!r.ok) return;
    setDirty(false);
    justApplied.current = true;
    const p = r.parts;
    if (p.instance !== latest.current.parts.instance) setInstance(p.instance);
    setParts(p);
    if (p.timeRange?.kind === 'relative') bump();
  };

  // CodeMirror keeps the extensions built once; they call the latest handlers.
  const handlers = useLatest({ parse, apply });
  const extensions = useMemo(
    () => [
      json(),
      lintGutter(),
      linter(
        (view): Diagnostic[] => {
          const r = handlers.current.parse(view.state.doc.toString());
          if (r.ok) return [];
          return r.problems.map((p) => ({
            from: p.from,
            to: Math.max(p.to, p.from),
            severity: 'error',
            message: p.message,
          }));
        },
        { delay: 250 },
      ),
      // Before the default keymap, whose Mod-Enter inserts a blank line.
      Prec.highest(
        keymap.of([
          {
            key: 'Mod-Enter',
            run: (v) => {
              handlers.current.apply(v.state.doc.toString());
              return true;
            },
          },
        ]),
      ),
      EditorView.lineWrapping,
      // Over the dark theme's own background (#282c34, on which its property names fall short
      // of 4.5:1 contrast): the app's panel, as everywhere else.
      Prec.highest(editorTheme),
      // The text box itself is what a screen reader announces (axe: aria-input-field-name).
      EditorView.contentAttributes.of({ 'aria-label': 'Query as JSON' }),
    ],
    [handlers],
  );

  const problems = result && !result.ok ? result.problems : [];
  const notes = result && result.ok ? result.notes : [];
  return (
    <div className="query-json" data-testid="query-json">
      <ShadowHost className="query-json-host" css={shadowCss} testId="query-json-editor">
        {(root) => (
          <CodeMirror
            value={initialText}
            onCreateEditor={(v) => {
              view.current = v;
              // A scroller whose text overflows must be reachable by keyboard to be scrolled
              // (axe: scrollable-region-focusable); the text box inside is a contenteditable,
              // which axe does not count as focusable content.
              v.scrollDOM.tabIndex = 0;
              v.scrollDOM.setAttribute('aria-label', 'Query as JSON, scrollable');
            }}
            height="100%"
            theme={theme}
            root={root}
            basicSetup={{ foldGutter: true, highlightActiveLine: false, autocompletion: false }}
            extensions={extensions}
            onChange={(t) => {
              setDirty(t !== shown);
              justApplied.current = false;
              clearTimeout(timer.current);
              if (t !== shown) timer.current = setTimeout(() => apply(t), applyDelayMs);
            }}
          />
        )}
      </ShadowHost>
      <div
        className="query-json-status"
        data-testid="query-json-status"
        data-state={problems.length > 0 ? 'invalid' : editing ? 'editing' : 'in-sync'}
      >
        {problems.length > 0 ? (
          <span className="text-error" role="alert">
            {problems[0]!.message}
            {problems.length > 1 && ` (and ${problems.length - 1} more)`}
          </span>
        ) : notes.length > 0 ? (
          <span className="text-warn">{notes.join('; ')}</span>
        ) : (
          <span className="muted">In sync with the builder · Ctrl+Enter applies at once</span>
        )}
        <button
          type="button"
          className="link-button query-json-copy"
          data-testid="query-json-copy"
          title="Copy the text as it is in the editor"
          onClick={() =>
            void navigator.clipboard.writeText(view.current?.state.doc.toString() ?? '')
          }
        >
          copy
        </button>
      </div>
    </div>
  );
}
