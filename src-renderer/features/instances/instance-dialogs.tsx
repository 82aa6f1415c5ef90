import { useState, type FormEvent } from 'react';
import type { Instance } from '../../../src-shared/contract/records';
import { useUiStore } from '../../state/ui-store';
import { useOperation, useOperationMutation } from '../../client/use-operation';
import { Dialog } from '../../components/dialog';
import { FieldError, FormActions } from '../../components/form';
import { useQueryStore } from '../../state/query-store';
import { formatCount } from '../events/format';

/** Creates an instance and opens it. */
export function CreateInstanceDialog() {
  const open = useUiStore((s) => s.dialog === 'createInstance');
  const close = useUiStore((s) => s.closeDialog);
  return (
    <Dialog open={open} onClose={close} title="New instance" testId="create-instance-dialog">
      {/* Mounted while open: every opening starts with an empty form. */}
      <CreateInstanceForm close={close} />
    </Dialog>
  );
}

function CreateInstanceForm(props: { close: () => void }) {
  const setInstance = useQueryStore((s) => s.setInstance);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const create = useOperationMutation('createInstance');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name: name.trim(), ...(description.trim() ? { description: description.trim() } : {}) },
      {
        onSuccess: (data) => {
          setInstance(data.instance.id);
          props.close();
        },
      },
    );
  };
  return (
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
      <FormActions
        onCancel={props.close}
        action="Create"
        testId="create-submit"
        disabled={create.isPending || !name.trim()}
      />
    </form>
  );
}

/** Renames an instance or changes its description; events are untouched. */
export function EditInstanceDialog() {
  const open = useUiStore((s) => s.dialog === 'editInstance');
  const id = useUiStore((s) => s.dialogInstance);
  const close = useUiStore((s) => s.closeDialog);
  const current = useOperation('getInstance', { instanceId: id ?? '-' }, { enabled: open && !!id });
  const loaded = current.data?.instance;
  return (
    <Dialog open={open} onClose={close} title="Rename or describe" testId="edit-instance-dialog">
      {/* Mounted again when the instance arrives: the form starts from what it holds. */}
      <EditInstanceForm key={loaded?.id ?? ''} id={id} loaded={loaded} close={close} />
    </Dialog>
  );
}

function EditInstanceForm(props: { id: string | null; loaded?: Instance; close: () => void }) {
  const { id, loaded, close } = props;
  const update = useOperationMutation('updateInstance');
  const [name, setName] = useState(loaded?.name ?? '');
  const [description, setDescription] = useState(loaded?.description ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!id) return;
    update.mutate(
      { instanceId: id, name: name.trim(), description: description.trim() },
      { onSuccess: close },
    );
  };
  return (
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
      <FormActions
        onCancel={close}
        action="Save"
        testId="edit-submit"
        disabled={!loaded || update.isPending || !name.trim()}
      />
    </form>
  );
}

/** Deletes an instance after saying how many events go with it. */
export function DeleteInstanceDialog() {
  const open = useUiStore((s) => s.dialog === 'deleteInstance');
  const id = useUiStore((s) => s.dialogInstance);
  const close = useUiStore((s) => s.closeDialog);
  return (
    <Dialog open={open} onClose={close} title="Delete instance" testId="delete-instance-dialog">
      {/* Mounted while open: a failed delete's error does not outlive the dialog. */}
      {id && <DeleteInstanceBody id={id} close={close} />}
    </Dialog>
  );
}

function DeleteInstanceBody(props: { id: string; close: () => void }) {
  const { id, close } = props;
  const selected = useQueryStore((s) => s.instance);
  const setInstance = useQueryStore((s) => s.setInstance);
  const stats = useOperation('getInstanceStats', { instanceId: id });
  const remove = useOperationMutation('deleteInstance');
  const n = stats.data?.eventCount;
  const events = (count: number) => `${formatCount(count)} ${count === 1 ? 'event' : 'events'}`;
  return (
    <>
      {stats.error ? (
        <FieldError error={stats.error.message} />
      ) : !stats.data ? (
        <p className="muted">Counting its events…</p>
      ) : (
        <p data-testid="delete-message" data-count={n}>
          Delete <b>{stats.data.name}</b> and its <b>{events(n ?? 0)}</b> in{' '}
          {formatCount(stats.data.streamCount)}{' '}
          {stats.data.streamCount === 1 ? 'stream' : 'streams'}? This cannot be undone.
        </p>
      )}
      <FieldError error={remove.error} testId="delete-error" />
      <FormActions
        onCancel={close}
        action={`Delete ${n !== undefined ? events(n) : ''}`}
        testId="delete-confirm"
        danger
        disabled={!stats.data || remove.isPending}
        onAction={() =>
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
      />
    </>
  );
}
