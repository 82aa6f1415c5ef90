import { useState, type FormEvent } from 'react';
import { importPresets } from '../../../src-shared/contract/import-presets';
import { useJobClient } from '../../client/job-context';
import type { SourceSnapshot } from '../../client/sources-client';
import { useOperation } from '../../client/use-operation';
import { Dialog } from '../../components/dialog';
import { FieldError } from '../../components/form';
import { Icon } from '../../components/icons';
import { formatCount } from '../../components/numbers';
import { Empty, Loading } from '../../components/states';
import { useQueryStore } from '../../state/query-store';
import { useToast } from '../../state/toast-store';
import { visibleInstances } from '../saved-queries/system-instances';
import { useSourcesStore } from './sources-store';
import { instanceNameForSource } from './source-name';
import { useSources } from './use-sources';
import './sources.css';
import { usePick } from '../../state/use-pick';

/** Presets a follower can read line by line (NDJSON and text lines; not CSV or JSON documents). */
const followablePresets = importPresets.filter((p) => p.format === 'ndjson' || p.format === 'text');

/** The engine's refusals that a chosen format answers (the format not detected, or not by line). */
const formatRefused = (message: string) =>
  /no preset fits|cannot be followed line by line/u.test(message);

const stateLabels: Record<SourceSnapshot['state'], string> = {
  following: 'Following',
  paused: 'Paused',
  error: 'Error',
};

/**
 * Live sources: files (or globs of files in a folder) the host follows into instances as they
 * grow, like `tail -F`. Lists each with its state, rate, events and last error; adds, pauses,
 * resumes and removes them. The paths are on the host's machine (in browser mode, the server's).
 */
export function SourcesDialog() {
  const { open, close } = usePick(useSourcesStore, 'open', 'close');
  return (
    <Dialog
      open={open}
      onClose={close}
      title="Live sources"
      wide
      testId="sources-dialog"
      className="sources-dialog"
    >
      {open && <SourcesBody />}
    </Dialog>
  );
}

function SourcesBody() {
  const view = useSources();
  return (
    <>
      <p className="muted sources-intro">
        Eventlens reads new lines of these files into their instance as they are written, through
        rotation and truncation, and resumes where it stopped when it starts again.
      </p>
      <AddSourceForm />
      {view.status === 'loading' && <Loading label="Loading the sources…" />}
      {view.status === 'error' && (
        <p className="inline-error" role="alert">
          {view.error}
        </p>
      )}
      {view.status === 'ready' &&
        (view.sources.length === 0 ? (
          <Empty title="No live sources yet" testId="sources-empty">
            <p className="muted">
              Give the path of a log file (or a glob such as <code>/var/log/app/*.log</code>) to
              follow it.
            </p>
          </Empty>
        ) : (
          <SourcesTable sources={view.sources} />
        ))}
    </>
  );
}

function AddSourceForm() {
  const { sources } = useJobClient();
  const selected = useSourcesStore((s) => s.instance);
  const instances = useOperation('listInstances', {}).data?.instances ?? [];
  const selectedName = instances.find((i) => i.id === selected)?.name ?? '';
  const [path, setPath] = useState('');
  const [instance, setInstance] = useState<string | null>(null);
  const [preset, setPreset] = useState('');
  const [error, setError] = useState<{ message: string; code: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // Unless the user names one: the selected instance, else one named after the file (created).
  const target = instance ?? (selectedName || instanceNameForSource(path));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const answer = await sources.add({
      path: path.trim(),
      instance: target.trim(),
      ...(preset ? { preset } : {}),
    });
    setBusy(false);
    if (!answer.success) {
      setError({ message: answer.error, code: answer.code });
      return;
    }
    setError(null);
    setPath('');
    // From the first screen (nothing chosen yet) the new source's instance is what to show.
    const shown = useQueryStore.getState();
    if (shown.instance === null) shown.setInstance(answer.data.instanceId);
    useToast.getState().show(`Following ${answer.data.path} into ${answer.data.instanceName}`);
  };

  const pick = async (kind: 'file' | 'folder') => {
    const answer = await sources.pick(kind);
    if (!answer.success) setError({ message: answer.error, code: answer.code });
    else if (answer.data.path !== null) {
      setError(null);
      setPath(answer.data.path);
    }
  };

  return (
    <form className="sources-add" onSubmit={(e) => void submit(e)} data-testid="source-add-form">
      <label className="form-label" htmlFor="source-path">
        File or glob on this machine
      </label>
      <label className="form-label" htmlFor="source-instance">
        Into instance
      </label>
      <label className="form-label" htmlFor="source-format">
        Format
      </label>
      <span />
      <span className="sources-path">
        <input
          id="source-path"
          className="input mono"
          data-testid="source-path"
          placeholder="/var/log/app.log or /var/log/app/*.log"
          value={path}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setPath(e.target.value)}
        />
        {sources.nativePicker &&
          (['file', 'folder'] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              className="button"
              data-testid={`source-pick-${kind}`}
              title={
                kind === 'file'
                  ? 'Choose a file to follow'
                  : 'Choose a folder: its files are followed (narrow the glob, e.g. *.log)'
              }
              onClick={() => void pick(kind)}
            >
              {kind === 'file' ? 'File…' : 'Folder…'}
            </button>
          ))}
      </span>
      <input
        id="source-instance"
        className="input"
        data-testid="source-instance"
        list="source-instances"
        placeholder="an instance (created when new)"
        value={target}
        autoComplete="off"
        onChange={(e) => setInstance(e.target.value)}
      />
      <datalist id="source-instances">
        {visibleInstances(instances, false).map((i) => (
          <option key={i.id} value={i.name} />
        ))}
      </datalist>
      <select
        id="source-format"
        className="select"
        data-testid="source-format"
        value={preset}
        onChange={(e) => setPreset(e.target.value)}
      >
        <option value="">Detect from its lines</option>
        {followablePresets.map((p) => (
          <option key={p.name} value={p.name}>
            {p.title}
          </option>
        ))}
      </select>
      <button
        type="submit"
        className="button button-primary"
        data-testid="source-add"
        disabled={busy || path.trim() === '' || target.trim() === ''}
      >
        <Icon name="live" /> Follow
      </button>
      <div className="sources-add-error">
        <FieldError error={error} testId="source-add-error" />
        {error && preset === '' && formatRefused(error.message) && (
          <p className="muted sources-format-hint" data-testid="source-format-hint">
            Choose the file's format in the Format list and follow again.
          </p>
        )}
      </div>
    </form>
  );
}

function SourcesTable({ sources }: { sources: SourceSnapshot[] }) {
  const [confirming, setConfirming] = useState<number | null>(null);
  return (
    <table className="sources-table" data-testid="sources-table">
      <thead>
        <tr>
          <th scope="col">Path</th>
          <th scope="col">Instance</th>
          <th scope="col">State</th>
          <th scope="col" className="num">
            Rate
          </th>
          <th scope="col" className="num">
            Events
          </th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sources.map((s) => (
          <SourceRow
            key={s.sourceId}
            source={s}
            confirming={confirming === s.sourceId}
            setConfirming={(on) => setConfirming(on ? s.sourceId : null)}
          />
        ))}
      </tbody>
    </table>
  );
}

function SourceRow(props: {
  source: SourceSnapshot;
  confirming: boolean;
  setConfirming: (on: boolean) => void;
}) {
  const { sources } = useJobClient();
  const { source: s } = props;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async (call: 'pause' | 'resume' | 'remove') => {
    setBusy(true);
    const answer = await sources[call]({ sourceId: s.sourceId });
    setBusy(false);
    setError(answer.success ? null : answer.error);
    if (answer.success && call === 'remove') props.setConfirming(false);
  };
  const problem = s.lastError ?? error;
  // One button that pauses a running source and resumes (or retries) a stopped one.
  const toggle = s.state === 'paused' || s.state === 'error' ? 'resume' : 'pause';
  return (
    <>
      <tr data-testid="source-row" data-state={s.state}>
        <td className="mono source-path" title={s.path}>
          {s.path}
          {s.state === 'following' && s.files > 1 && (
            <span className="muted"> · {formatCount(s.files)} files</span>
          )}
        </td>
        <td>
          <button
            type="button"
            className="link-button"
            title={`Show ${s.instanceName}`}
            onClick={() => {
              useQueryStore.getState().setInstance(s.instanceId);
              useSourcesStore.getState().close();
            }}
          >
            {s.instanceName}
          </button>
        </td>
        <td>
          <span className={`source-state source-state-${s.state}`} data-testid="source-state">
            {s.state === 'following' && <span className="source-pulse" aria-hidden="true" />}
            {stateLabels[s.state]}
          </span>
        </td>
        <td className="num" data-testid="source-rate">
          {s.state === 'following' ? `${formatCount(s.rate)}/s` : '—'}
        </td>
        <td className="num" data-testid="source-events">
          {formatCount(s.events)}
        </td>
        <td className="source-actions">
          <button
            type="button"
            className="button button-small"
            data-testid={`source-${toggle}`}
            disabled={busy}
            onClick={() => void run(toggle)}
          >
            {toggle === 'pause' ? (
              'Pause'
            ) : (
              <>
                <Icon name="play" /> {s.state === 'error' ? 'Retry' : 'Resume'}
              </>
            )}
          </button>
          <button
            type="button"
            className="button button-small button-ghost"
            data-testid="source-remove"
            aria-label={`Remove ${s.path}`}
            disabled={busy}
            onClick={() => props.setConfirming(true)}
          >
            <Icon name="trash" size={12} />
          </button>
        </td>
      </tr>
      {(problem || s.lastBadLine) && (
        <tr className="source-note">
          <td colSpan={6}>
            {problem && (
              <p className="text-error" role="alert" data-testid="source-error">
                <Icon name="warning" /> {problem}
              </p>
            )}
            {s.lastBadLine && (
              <p className="muted small">
                {formatCount(s.bad)} lines not imported; the last: {s.lastBadLine}
              </p>
            )}
          </td>
        </tr>
      )}
      {props.confirming && (
        <tr className="source-note">
          <td colSpan={6}>
            <div className="inline-notice source-confirm" data-testid="source-remove-confirm">
              <span>
                Stop following <code>{s.path}</code>? The {formatCount(s.events)} events already
                imported stay in <strong>{s.instanceName}</strong>.
              </span>
              <button
                type="button"
                className="button button-small"
                onClick={() => props.setConfirming(false)}
                autoFocus
              >
                Cancel
              </button>
              <button
                type="button"
                className="button button-small button-danger"
                data-testid="source-remove-confirmed"
                disabled={busy}
                onClick={() => void run('remove')}
              >
                Remove source
              </button>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}
