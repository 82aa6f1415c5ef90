import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { useJobClient } from '../../client/job-context';
import { Icon } from '../../components/icons';
import { useImportStore } from './import-store';
import { formatBytes } from '../../components/numbers';
import { usePick } from '../../state/use-pick';

/** Step 1: the files (a picker and a drop zone); browser mode uploads each as it is added. */
export function FilesStep() {
  const { imports } = useJobClient();
  const { files, addFiles, removeFile } = usePick(
    useImportStore,
    'files',
    'addFiles',
    'removeFile',
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const add = useCallback(
    async (list: File[]) => {
      if (list.length === 0) return;
      setError(null);
      setBusy(list.length === 1 ? `Adding ${list[0]!.name}…` : `Adding ${list.length} files…`);
      const answer = await imports.add(list);
      setBusy(null);
      if (answer.success) addFiles(answer.data);
      else setError(answer.error);
    },
    [imports, addFiles],
  );

  // Files dropped on the window before (or while) this step is shown: taken from the store.
  useEffect(() => {
    const take = () => {
      const files = useImportStore.getState().takeDropped();
      if (files) void add(files);
    };
    take();
    return useImportStore.subscribe((s) => {
      if (s.dropped) take();
    });
  }, [add]);

  const pick = async () => {
    if (!imports.nativePicker) {
      input.current?.click();
      return;
    }
    setError(null);
    const answer = await imports.pick();
    if (answer.success) addFiles(answer.data);
    else setError(answer.error);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
    setOver(false);
    void add([...e.dataTransfer.files]);
  };

  return (
    <div className="import-files">
      <div
        className={`drop-zone${over ? ' drop-zone-over' : ''}`}
        data-testid="import-drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          e.stopPropagation();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <Icon name="upload" size={22} />
        <p>
          Drop log or event files here, or{' '}
          <button
            type="button"
            className="button button-small"
            data-testid="import-choose"
            data-autofocus
            onClick={() => void pick()}
          >
            Choose files…
          </button>
        </p>
        <p className="muted">
          NDJSON, JSON arrays, CSV, Apache/Nginx, syslog, any text log with a regex; .gz as is.
        </p>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          data-testid="import-file-input"
          onChange={(e) => {
            const list = [...(e.target.files ?? [])];
            e.target.value = '';
            void add(list);
          }}
        />
      </div>
      {busy && (
        <p className="muted" data-testid="import-adding" role="status">
          {busy}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert" data-testid="import-files-error">
          {error}
        </p>
      )}
      {files.length > 0 && (
        <ul className="import-file-list" data-testid="import-file-list">
          {files.map((f) => (
            <li key={f.ref}>
              <span className="mono">{f.name}</span>
              <span className="muted tabular">{formatBytes(f.bytes)}</span>
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove ${f.name}`}
                onClick={() => removeFile(f.ref)}
              >
                <Icon name="x" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
