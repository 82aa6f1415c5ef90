import { useState, type FormEvent } from 'react';
import { useOperationMutation } from './use-operation';

/** Creates an instance; the list refreshes from the change event that follows. */
export function CreateInstanceForm() {
  const [name, setName] = useState('');
  const create = useOperationMutation('createInstance');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: name.trim() }, { onSuccess: () => setName('') });
  };
  return (
    <form className="create" onSubmit={submit} aria-label="Create instance">
      <label htmlFor="create-name">New instance</label>
      <input
        id="create-name"
        data-testid="create-name"
        value={name}
        placeholder="e.g. audit"
        autoComplete="off"
        onChange={(e) => setName(e.target.value)}
      />
      <button type="submit" data-testid="create-submit" disabled={create.isPending || !name.trim()}>
        Create
      </button>
      {create.error && (
        <p className="error" role="alert" data-testid="create-error" data-code={create.error.code}>
          {create.error.message}
        </p>
      )}
    </form>
  );
}
