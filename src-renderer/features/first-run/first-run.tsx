import { useState, type FormEvent } from 'react';
import { useClient } from '../../client/client-context';
import { ConnectionBadges } from '../../components/connection-badges';
import { useOperationMutation } from '../../client/use-operation';
import { Icon } from '../../components/icons';
import { ActionButton, type ButtonAction } from '../../components/action-button';
import { ProgressBar } from '../../components/progress-bar';
import { ThemeToggle } from '../../components/theme-toggle';
import type { OperationError } from '../../client/query-cache';
import { useQueryStore } from '../../state/query-store';
import { formatCount } from '../events/format';
import { useDemoProgress } from './demo-store';
import { demoEventCount, loadDemo } from './load-demo';

const setProgress = (progress: { done: number; total: number } | null) =>
  useDemoProgress.setState({ progress });

/**
 * An empty database: offer to create an instance, to load the demo shop, to import files, or
 * to follow a log that is still being written.
 */
export function FirstRun(props: { onImport: () => void; onFollow: () => void }) {
  const client = useClient();
  const setInstance = useQueryStore((s) => s.setInstance);
  const create = useOperationMutation('createInstance');
  const [name, setName] = useState('');
  const progress = useDemoProgress((s) => s.progress);
  const [demoError, setDemoError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: name.trim() }, { onSuccess: (d) => setInstance(d.instance.id) });
  };
  const demo = () => {
    setDemoError(null);
    setProgress({ done: 0, total: demoEventCount });
    loadDemo(client, (done, total) => setProgress({ done, total })).then(
      (id) => {
        setInstance(id);
        setProgress(null);
      },
      (err: OperationError | Error) => {
        setProgress(null);
        setDemoError(err.message);
      },
    );
  };

  // The other ways to start, one button each under the create form.
  const starts: (ButtonAction & { hint: string })[] = [
    {
      icon: 'database',
      label: 'Load demo data',
      hint: `${formatCount(demoEventCount)} events of a small shop`,
      testId: 'load-demo',
      onClick: demo,
      disabled: progress !== null,
    },
    {
      icon: 'upload',
      label: 'Import files…',
      hint: 'NDJSON, JSON, CSV, Apache, syslog, any log; or drop them here',
      testId: 'first-run-import',
      onClick: props.onImport,
    },
    {
      icon: 'live',
      label: 'Follow a log file…',
      hint: 'a file or folder still being written, as it grows',
      testId: 'first-run-follow',
      onClick: props.onFollow,
    },
  ];

  return (
    <main className="first-run" data-testid="first-run">
      <div className="first-run-theme">
        <ThemeToggle />
      </div>
      <div className="first-run-card">
        <h1>
          <Icon name="database" size={20} /> Welcome to Eventlens
        </h1>
        <p className="muted">
          This database has no instances yet. An instance holds streams of immutable events — an
          audit trail, an activity stream, the log of an event-sourced system.
        </p>
        <form className="first-run-create" onSubmit={submit} aria-label="Create an instance">
          <input
            className="input"
            placeholder="Instance name, e.g. audit"
            data-testid="first-run-name"
            value={name}
            autoFocus
            autoComplete="off"
            onChange={(e) => setName(e.target.value)}
          />
          <button
            type="submit"
            className="button button-primary"
            data-testid="first-run-create"
            disabled={!name.trim() || create.isPending}
          >
            Create instance
          </button>
        </form>
        {create.error && (
          <p className="field-error" role="alert" data-testid="first-run-error">
            {create.error.message}
          </p>
        )}
        <div className="first-run-or">or</div>
        {starts.map(({ hint, ...start }) => (
          <ActionButton key={start.testId} action={start}>
            <span className="muted">{hint}</span>
          </ActionButton>
        ))}
        {progress && (
          <ProgressBar
            value={progress.done}
            max={progress.total}
            label={`${formatCount(progress.done)} / ${formatCount(progress.total)} events`}
            testId="demo-progress"
          />
        )}
        {demoError && (
          <p className="field-error" role="alert" data-testid="demo-error">
            {demoError}
          </p>
        )}
        <p className="muted small">
          From a terminal:{' '}
          <code>
            eventlens appendEvent '{'{'}"instanceId":"audit","autoCreateInstance":true{'}'}'
          </code>
        </p>
      </div>
      <footer className="status-bar first-run-status">
        <ConnectionBadges />
      </footer>
    </main>
  );
}
