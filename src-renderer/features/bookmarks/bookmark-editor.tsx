import { useEffect, useRef, useState } from 'react';
import {
  bookmarkColours,
  bookmarkKey,
  bookmarkNoteMax,
  defaultBookmarkColour,
  type BookmarkColour,
} from '../../../src-shared/contract/bookmarks';
import { Dialog } from '../../components/dialog';
import { FieldError } from '../../components/form';
import { useOperation } from '../../client/use-operation';
import { useBookmarksUi, type BookmarkTarget } from '../../state/bookmarks-ui-store';
import { useUiStore } from '../../state/ui-store';
import { formatTime } from '../events/format';
import { useBookmarks } from './use-bookmarks';
import './bookmarks.css';
import { usePick } from '../../state/use-pick';

/** The colour a new bookmark starts with: the last one chosen, in this window. */
let lastColour: BookmarkColour = defaultBookmarkColour;

/**
 * The small note/colour editor of one event's bookmark (`m` on the selected row, a click on a
 * row's mark, "edit" in the Bookmarks panel). Enter saves (Shift+Enter: a new line in the
 * note); on a bookmarked event it also removes the bookmark, which takes the focus when `m`
 * opened it, so `m` then Enter unmarks.
 */
export function BookmarkEditor() {
  const { editing: target, closeEditor: close } = usePick(useBookmarksUi, 'editing', 'closeEditor');
  return (
    <Dialog
      open={target !== null}
      onClose={close}
      title="Bookmark"
      testId="bookmark-editor"
      className="bookmark-dialog"
    >
      {target && <EditorForm key={`${target.instanceId} ${target.eventId}`} target={target} />}
    </Dialog>
  );
}

function EditorForm({ target }: { target: BookmarkTarget }) {
  const close = useBookmarksUi((s) => s.closeEditor);
  const store = useBookmarks();
  const existing = store.byKey.get(bookmarkKey(target));
  const timeZone = useUiStore((s) => s.timeZone);
  const instances = useOperation('listInstances', {}).data?.instances;
  const instanceName =
    instances?.find((i) => i.id === target.instanceId)?.name ?? existing?.instance ?? '';
  const [note, setNote] = useState(existing?.note ?? '');
  const [colour, setColour] = useState<BookmarkColour>(existing?.colour ?? lastColour);
  const [error, setError] = useState<string | null>(null);
  const tooLong = note.length > bookmarkNoteMax;
  const removeRef = useRef<HTMLButtonElement>(null);
  const focusRemove = useBookmarksUi((s) => s.focusRemove);
  useEffect(() => {
    if (!focusRemove) return;
    // After the dialog's own focus on its first field (its effect runs after this one).
    const t = setTimeout(() => removeRef.current?.focus());
    return () => clearTimeout(t);
  }, [focusRemove]);

  const act = async (what: () => Promise<void>) => {
    try {
      await what();
      close();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const save = () => {
    if (tooLong || instanceName === '') return;
    lastColour = colour;
    void act(() => store.set({ ...target, instance: instanceName, note: note.trim(), colour }));
  };

  return (
    <form
      className="form bookmark-form"
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <p className="bookmark-event muted" data-testid="bookmark-editor-event">
        {target.eventType} · {target.stream} #{target.sequence} ·{' '}
        {formatTime(Date.parse(target.timestamp), timeZone)}
      </p>
      <label className="form-label" htmlFor="bookmark-note">
        Note
      </label>
      <textarea
        id="bookmark-note"
        className="input"
        rows={3}
        value={note}
        placeholder="What is this event? (optional)"
        data-testid="bookmark-note"
        onChange={(e) => setNote(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            save();
          }
        }}
      />
      <FieldError
        error={tooLong ? `Notes are at most ${bookmarkNoteMax} characters.` : error}
        testId="bookmark-error"
      />
      <span className="form-label" id="bookmark-colour-label">
        Colour
      </span>
      <div className="bookmark-colours" role="radiogroup" aria-labelledby="bookmark-colour-label">
        {bookmarkColours.map((c) => (
          <button
            key={c}
            type="button"
            role="radio"
            aria-checked={c === colour}
            aria-label={c}
            title={c}
            className={`bookmark-colour bookmark-bg bookmark-${c}${c === colour ? ' is-on' : ''}`}
            data-testid={`bookmark-colour-${c}`}
            onClick={() => setColour(c)}
          />
        ))}
      </div>
      <div className="form-actions">
        {existing && (
          <button
            type="button"
            className="button button-danger bookmark-remove"
            data-testid="bookmark-remove"
            ref={removeRef}
            disabled={store.saving}
            onClick={() => void act(() => store.remove(target))}
          >
            Remove bookmark
          </button>
        )}
        <button type="button" className="button" onClick={close}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-primary"
          data-testid="bookmark-save"
          disabled={tooLong || store.saving || instanceName === ''}
        >
          {existing ? 'Save' : 'Bookmark'}
        </button>
      </div>
    </form>
  );
}
