import { useRef, useState } from 'react';
import type { Instance } from '../../../src-shared/contract/records';
import { useQueryStore } from '../../state/query-store';
import { useRunStore } from '../../state/run-store';
import { describeDocument } from './describe-document';
import { documentOf, openDocument, type QueryDocument } from './query-document';
import {
  deletedEvent,
  exportFile,
  planImport,
  renamedEvent,
  savedEvent,
  type ImportPlan,
  type SavedQuery,
} from './saved-queries-model';
import { Popover, usePopoverState } from '../../components/popover';
import { useSavedQueries } from './use-saved-queries';
import { useBookmarks } from '../bookmarks/use-bookmarks';
import { resolveBookmarks, type ResolvedBookmarks } from '../bookmarks/resolve-bookmarks';
import { useClient } from '../../client/client-context';
import type { EventRecord } from '../../../src-shared/contract/records';
import './saved-queries.css';
import { ToolButton } from '../../components/tool-button';
import { submitHandler } from '../../components/form';

/** Saves `text` as a file the browser downloads (the same in Electron's renderer). */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Saved queries: named, in the database (the `_eventlens/saved-queries` event stream), shared by
 * every window and the CLI; opened with a click; renamed, deleted; exported to and imported from
 * a JSON file that can live in git. The bookmarks travel in the same file: exported with the
 * queries, and on import matched with this database's events before they are added.
 */
export function SavedQueriesPanel(props: { instances: readonly Instance[] }) {
  const saved = useSavedQueries();
  const bookmarks = useBookmarks();
  const client = useClient();
  const store = useQueryStore();
  const bump = useRunStore((s) => s.bump);
  const [name, setName] = useState('');
  const [filter, setFilter] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  const [plan, setPlan] = useState<
    (Extract<ImportPlan, { ok: true }> & { marks: ResolvedBookmarks }) | null
  >(null);
  const { open, setOpen, onOpenChange } = usePopoverState(() => {
    setPlan(null);
    setRenaming(null);
  });
  const fileInput = useRef<HTMLInputElement>(null);
  const doc = documentOf(store, props.instances);
  const existing = saved.queries.find((q) => q.name === name.trim());

  const run = async (what: () => Promise<void>, ok: string) => {
    try {
      await what();
      setMessage({ kind: 'ok', text: ok });
    } catch (err) {
      setMessage({ kind: 'error', text: (err as Error).message });
    }
  };
  const save = () => {
    if (!doc || name.trim() === '') return;
    void run(
      async () => {
        await saved.append([savedEvent(doc, name, existing?.queryId)]);
        setName('');
      },
      existing ? `Replaced "${name.trim()}"` : `Saved "${name.trim()}"`,
    );
  };
  const openQuery = (q: SavedQuery) => openDoc(q.document, `Opened "${q.name}"`);
  const openDoc = (d: QueryDocument, ok: string) => {
    const r = openDocument(d, store, props.instances);
    if (!r.ok) return setMessage({ kind: 'error', text: r.message });
    if (r.parts.instance !== store.instance) store.setInstance(r.parts.instance);
    store.setParts(r.parts);
    bump();
    setMessage({ kind: 'ok', text: [ok, ...r.notes].join('; ') });
    setOpen(false);
  };
  const readImport = async (file: File) => {
    const p = planImport(await file.text(), saved.queries);
    if (!p.ok) return setMessage({ kind: 'error', text: `${file.name}: ${p.message}` });
    try {
      const marks = await resolveBookmarks(
        p.bookmarks,
        props.instances,
        bookmarks.byKey,
        async (instanceId, stream, sequence) => {
          const envelope = await client.call('queryEvents', {
            query: {
              from: { instance: instanceId, stream },
              where: [{ field: 'sequence_number', operator: 'eq', value: sequence }],
              limit: 1,
            },
          });
          if (!envelope.success) throw new Error(envelope.error);
          return ((envelope.data.result.events ?? [])[0] as EventRecord | undefined) ?? null;
        },
      );
      setMessage(null);
      setPlan({ ...p, marks });
    } catch (err) {
      setMessage({ kind: 'error', text: `${file.name}: ${(err as Error).message}` });
    }
  };
  const shown = saved.queries.filter(
    (q) =>
      filter === '' ||
      `${q.name} ${describeDocument(q.document)}`.toLowerCase().includes(filter.toLowerCase()),
  );

  return (
    <Popover
      open={open}
      onOpenChange={onOpenChange}
      align="end"
      className="saved-panel"
      testId="saved-queries-panel"
      trigger={
        <ToolButton
          data-testid="saved-queries"
          aria-label="Saved queries"
          title="Saved queries"
          icon="bookmark"
          label="Saved"
        >
          {saved.queries.length > 0 && <span className="count-badge">{saved.queries.length}</span>}
        </ToolButton>
      }
    >
      <form className="row saved-form" onSubmit={submitHandler(save)}>
        <input
          className="input input-tool"
          placeholder={doc ? 'Name this query…' : 'Choose an instance first'}
          disabled={!doc}
          value={name}
          maxLength={200}
          data-testid="save-name"
          onChange={(e) => setName(e.target.value)}
        />
        <ToolButton
          type="submit"
          className="button-primary"
          disabled={!doc || name.trim() === '' || saved.appending}
          data-testid="save-submit"
        >
          {existing ? 'Replace' : 'Save'}
        </ToolButton>
      </form>
      {existing && <div className="hint">A saved query has this name: saving replaces it.</div>}
      {message && (
        <div
          className={message.kind === 'ok' ? 'text-ok' : 'text-error'}
          role="status"
          data-testid="saved-message"
        >
          {message.text}
        </div>
      )}
      {saved.error && <div className="text-error">{saved.error}</div>}
      {saved.skipped > 0 && (
        <div className="hint">
          {saved.skipped} entries in the saved-queries stream could not be read and are left out.
        </div>
      )}
      {saved.queries.length > 6 && (
        <input
          className="input input-tool"
          placeholder="Filter saved queries"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      )}
      <ul className="saved-list" data-testid="saved-list">
        {shown.map((q) => (
          <li key={q.queryId} className="list-row" data-testid="saved-item" data-name={q.name}>
            {renaming?.id === q.queryId ? (
              <form
                className="row"
                onSubmit={(e) => {
                  e.preventDefault();
                  const next = renaming.name.trim();
                  if (next === '' || next === q.name) return setRenaming(null);
                  void run(async () => {
                    await saved.append([renamedEvent(q.queryId, next)]);
                    setRenaming(null);
                  }, `Renamed to "${next}"`);
                }}
              >
                <input
                  className="input input-tool"
                  autoFocus
                  value={renaming.name}
                  data-testid="rename-input"
                  onChange={(e) => setRenaming({ id: q.queryId, name: e.target.value })}
                />
                <ToolButton type="submit">OK</ToolButton>
              </form>
            ) : (
              <button
                type="button"
                className="list-row-open saved-open"
                data-testid="saved-open"
                onClick={() => openQuery(q)}
              >
                <span className="saved-name">{q.name}</span>
                <span className="muted saved-desc">{describeDocument(q.document)}</span>
              </button>
            )}
            <span className="row-tools">
              <button
                type="button"
                className="link-button"
                data-testid="saved-rename"
                onClick={() => setRenaming({ id: q.queryId, name: q.name })}
              >
                rename
              </button>
              <button
                type="button"
                className="link-button danger"
                data-testid="saved-delete"
                onClick={() =>
                  void run(() => saved.append([deletedEvent(q.queryId)]), `Deleted "${q.name}"`)
                }
              >
                delete
              </button>
            </span>
          </li>
        ))}
        {saved.queries.length === 0 && !saved.loading && (
          <li className="muted">No saved queries yet.</li>
        )}
      </ul>
      {plan ? (
        <div className="saved-import-plan" data-testid="import-plan">
          <div>
            Import {plan.events.length} {plan.events.length === 1 ? 'query' : 'queries'}:{' '}
            {plan.added.length} new
            {plan.replaced.length > 0 &&
              `, ${plan.replaced.length} replacing ${plan.replaced.map((n) => `"${n}"`).join(', ')}`}
            .
          </div>
          {plan.bookmarks.length > 0 && (
            <div data-testid="import-plan-bookmarks">
              {countOf(plan.marks.events.length, 'bookmark')}: {plan.marks.added} new
              {plan.marks.replaced > 0 && `, ${plan.marks.replaced} replacing a note`}.
            </div>
          )}
          {plan.marks.missing.length > 0 && (
            <div className="hint text-warn" data-testid="import-plan-missing">
              Left out (the event is not in this database):{' '}
              {plan.marks.missing.slice(0, 3).join('; ')}
              {plan.marks.missing.length > 3 && ` (and ${plan.marks.missing.length - 3} more)`}
            </div>
          )}
          <span className="row">
            <ToolButton
              className="button-primary"
              data-testid="import-confirm"
              onClick={() =>
                void run(
                  async () => {
                    // Queries and bookmarks in one atomic append: all of the file, or none.
                    await saved.append([...plan.events, ...plan.marks.events]);
                    setPlan(null);
                  },
                  `Imported ${plan.events.length} ${plan.events.length === 1 ? 'query' : 'queries'}` +
                    (plan.marks.events.length > 0
                      ? ` and ${countOf(plan.marks.events.length, 'bookmark')}`
                      : ''),
                )
              }
            >
              Import
            </ToolButton>
            <ToolButton onClick={() => setPlan(null)}>Cancel</ToolButton>
          </span>
        </div>
      ) : (
        <div className="row saved-files">
          <ToolButton
            data-testid="saved-export"
            disabled={saved.queries.length === 0 && bookmarks.bookmarks.length === 0}
            title="Saved queries and bookmarks, in one JSON file"
            onClick={() =>
              downloadText(
                'eventlens-saved-queries.json',
                exportFile(saved.queries, bookmarks.bookmarks),
              )
            }
          >
            Export…
          </ToolButton>
          <ToolButton data-testid="saved-import" onClick={() => fileInput.current?.click()}>
            Import…
          </ToolButton>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            hidden
            data-testid="saved-import-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void readImport(file);
            }}
          />
        </div>
      )}
    </Popover>
  );
}

function countOf(n: number, what: string): string {
  return `${n.toLocaleString()} ${what}${n === 1 ? '' : 's'}`;
}
