import { useEffect, useState, type FormEvent } from 'react';
import { useUiStore } from '../../state/ui-store';
import { useOperation, useOperationMutation } from '../../client/use-operation';
import { Dialog } from '../../components/dialog';
import { useQueryStore } from '../../state/query-store';
import { formatCount } from '../events/format';

function FieldError({
  error,
  testId,
}: {
  error: { message: string; code: string } | null;
  testId: string;
}) {
  if (!error) return null;
  return (
    <p className="field-error" role="alert" data-testid={testId} data-code={error.code}>
      {error.message}
    </p>
  );
}

/** Creates an instance and opens it. */
export function CreateInstanceDialog() {
  const open = useUiStore((s) => s.dialog === 'createInstance');
  const close = useUiStore((s) => s.closeDialog);
  const setInstance = useQueryStore((s) => s.setInstance);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useOperationMutation('createInstance');
  useEffect(() => {
    if (open) {
      setName('');
      setDescription('');
      create.reset();
    }
  }, [open]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
      {
        onSuccess: (data) => {
          setInstance(data.instance.id);
          close();
        },
      },
    );
  };
  return (
    <Dialog open={open} onClose={close} title="New instance" testId="create-instance-dialog">
      <form className="form" onSubmit={submit}>
        <label className="form-label" htmlFor="instance-name">
          Name
        </label>
        <input
          id="instance-name"
          className="input"
          data-testid="create-name"
          value={name}
          autoFocus
          autoComplete="off"
          placeholder="e.g. audit"
          onChange={(e) => setName(e.target.value)}
        />
        <label className="form-label" htmlFor="instance-description">
          Description <span className="muted">(optional)</span>
        </label>
        <textarea
          id="instance-description"
          className="input"
          rows={2}
          data-testid="create-description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <FieldError error={create.error} testId="create-error" />
        <div className="form-actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            data-testid="create-submit"
            disabled={create.isPending || !name.trim()}
          >
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Renames an instance or changes its description; events are untouched. */
export function EditInstanceDialog() {
  const open = useUiStore((s) => s.dialog === 'editInstance');
  const id = useUiStore((s) => s.dialogInstance);
  const close = useUiStore((s) => s.closeDialog);
  const current = useOperation('getInstance', { instanceId: id ?? '-' }, { enabled: open && !!id });
  const update = useOperationMutation('updateInstance');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const loaded = current.data?.instance;
  useEffect(() => {
    if (open && loaded) {
      setName(loaded.name);
      setDescription(loaded.description ?? '');
      update.reset();
    }
  }, [open, loaded?.id]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!id) return;
    update.mutate(
      { instanceId: id, name: name.trim(), description: description.trim() },
      { onSuccess: close },
    );
  };
  return (
    <Dialog open={open} onClose={close} title="Rename or describe" testId="edit-instance-dialog">
      <form className="form" onSubmit={submit}>
        <label className="form-label" htmlFor="edit-name">
          Name
        </label>
        <input
          id="edit-name"
          className="input"
          data-testid="edit-name"
          // Until the instance is loaded: typing now would be overwritten when it arrives.
          disabled={!loaded}
          value={name}
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
        />
        <label className="form-label" htmlFor="edit-description">
          Description
        </label>
        <textarea
          id="edit-description"
          className="input"
          rows={3}
          data-testid="edit-description"
          disabled={!loaded}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        <FieldError error={update.error} testId="edit-error" />
        <div className="form-actions">
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            data-testid="edit-submit"
            disabled={!loaded || update.isPending || !name.trim()}
          >
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Deletes an instance after saying how many events go with it. */
export function DeleteInstanceDialog() {
  const open = useUiStore((s) => s.dialog === 'deleteInstance');
  const id = useUiStore((s) => s.dialogInstance);
  const close = useUiStore((s) => s.closeDialog);
  const selected = useQueryStore((s) => s.instance);
  const setInstance = useQueryStore((s) => s.setInstance);
  const stats = useOperation(
    'getInstanceStats',
    { instanceId: id ?? '-' },
    { enabled: open && !!id },
  );
  const remove = useOperationMutation('deleteInstance');
  useEffect(() => {
    if (open) remove.reset();
  }, [open]);
  const n = stats.data?.eventCount;
  return (
    <Dialog open={open} onClose={close} title="Delete instance" testId="delete-instance-dialog">
      {stats.error ? (
        <p className="field-error" role="alert">
          {stats.error.message}
        </p>
      ) : !stats.data ? (
        <p className="muted">Counting its events…</p>
      ) : (
        <p data-testid="delete-message" data-count={n}>
          Delete <b>{stats.data.name}</b> and its{' '}
          <b>
            {formatCount(n ?? 0)} {n === 1 ? 'event' : 'events'}
          </b>{' '}
          in {formatCount(stats.data.streamCount)}{' '}
          {stats.data.streamCount === 1 ? 'stream' : 'streams'}? This cannot be undone.
        </p>
      )}
      <FieldError error={remove.error} testId="delete-error" />
      <div className="form-actions">
        <button type="button" className="button" onClick={close} autoFocus>
          Cancel
        </button>
        <button
          type="button"
          className="button button-danger"
          data-testid="delete-confirm"
          disabled={!stats.data || remove.isPending}
          onClick={() =>
            id &&
            remove.mutate(
              { instanceId: id },
              {
                onSuccess: () => {
                  if (selected === id) setInstance(null);
                  close();
                },
              },
            )
          }
        >
          Delete {n !== undefined ? `${formatCount(n)} ${n === 1 ? 'event' : 'events'}` : ''}
        </button>
      </div>
    </Dialog>
  );
}
