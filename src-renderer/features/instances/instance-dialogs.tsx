import { useState, type FormEvent } from 'react';
import type { Instance } from '../../../src-shared/contract/records';
import { useUiStore } from '../../state/ui-store';
import { useOperation, useOperationMutation } from '../../client/use-operation';
import { Dialog } from '../../components/dialog';
import { FieldError, FormActions, TextField } from '../../components/form';
import { useQueryStore } from '../../state/query-store';
import { formatCount } from '../events/format';
import { countOf } from '../../components/numbers';
import { usePick } from '../../state/use-pick';

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
  const create = useOperationMutation('createInstance');
  return (
    <InstanceForm
      kind="create"
      action="Create"
      pending={create.isPending}
      error={create.error}
      onCancel={props.close}
      onSubmit={(name, description) =>
        create.mutate(
          { name, ...(description ? { description } : {}) },
          {
            onSuccess: (data) => {
              setInstance(data.instance.id);
              props.close();
            },
          },
        )
      }
    />
  );
}

/** Whether the named instance dialog is open, on which instance, and how to close it. */
function useInstanceDialog(name: 'editInstance' | 'deleteInstance') {
  const open = useUiStore((s) => s.dialog === name);
  const { dialogInstance: id, closeDialog: close } = usePick(
    useUiStore,
    'dialogInstance',
    'closeDialog',
  );
  return { open, id, close };
}

/** Renames an instance or changes its description; events are untouched. */
export function EditInstanceDialog() {
  const { open, id, close } = useInstanceDialog('editInstance');
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
  return (
    <InstanceForm
      kind="edit"
      action="Save"
      initial={loaded}
      // Until the instance is loaded: typing now would be overwritten when it arrives.
      loading={!loaded}
      pending={update.isPending}
      error={update.error}
      onCancel={close}
      onSubmit={(name, description) =>
        id && update.mutate({ instanceId: id, name, description }, { onSuccess: close })
      }
    />
  );
}

/** An instance's name and description, as the create and the edit dialog ask for them. */
function InstanceForm(props: {
  kind: 'create' | 'edit';
  action: string;
  initial?: Instance;
  loading?: boolean;
  pending: boolean;
  error: { message: string; code: string } | null;
  onCancel: () => void;
  /** With both trimmed. */
  onSubmit: (name: string, description: string) => void;
}) {
  const { kind } = props;
  const [name, setName] = useState(props.initial?.name ?? '');
  const [description, setDescription] = useState(props.initial?.description ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit(name.trim(), description.trim());
  };
  return (
    <form className="form" onSubmit={submit}>
      <TextField
        id={`${kind}-name`}
        label="Name"
        testId={`${kind}-name`}
        value={name}
        onChange={setName}
        autoComplete="off"
        disabled={props.loading}
        {...(kind === 'create' ? { autoFocus: true, placeholder: 'e.g. audit' } : {})}
      />
      <TextField
        id={`${kind}-description`}
        label={
          kind === 'create' ? (
            <>
              Description <span className="muted">(optional)</span>
            </>
          ) : (
            'Description'
          )
        }
        testId={`${kind}-description`}
        rows={kind === 'create' ? 2 : 3}
        value={description}
        onChange={setDescription}
        disabled={props.loading}
      />
      <FieldError error={props.error} testId={`${kind}-error`} />
      <FormActions
        onCancel={props.onCancel}
        action={props.action}
        testId={`${kind}-submit`}
        disabled={props.loading || props.pending || !name.trim()}
      />
    </form>
  );
}

/** Deletes an instance after saying how many events go with it. */
export function DeleteInstanceDialog() {
  const { open, id, close } = useInstanceDialog('deleteInstance');
  return (
    <Dialog open={open} onClose={close} title="Delete instance" testId="delete-instance-dialog">
      {/* Mounted while open: a failed delete's error does not outlive the dialog. */}
      {id && <DeleteInstanceBody id={id} close={close} />}
    </Dialog>
  );
}

function DeleteInstanceBody(props: { id: string; close: () => void }) {
  const { id, close } = props;
  const { instance: selected, setInstance } = usePick(useQueryStore, 'instance', 'setInstance');
  const stats = useOperation('getInstanceStats', { instanceId: id });
  const remove = useOperationMutation('deleteInstance');
  const n = stats.data?.eventCount;
  const events = (count: number) => countOf(count, 'event');
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
