import { useState, type FormEvent } from 'react';
import type { JsonObject } from '../../../src-shared/contract/json-value';
import { useUiStore } from '../../state/ui-store';
import { useOperationMutation } from '../../client/use-operation';
import { Dialog } from '../../components/dialog';
import { Field, FieldError, FormActions, TextField } from '../../components/form';
import { useToast } from '../../state/toast-store';
import { useQueryStore } from '../../state/query-store';
import { JsonEditor, jsonProblem } from './json-editor';
import { usePick } from '../../state/use-pick';

type FieldName = 'stream_id' | 'event_type' | 'timestamp' | 'payload' | 'metadata' | 'general';

/** Which field an engine error names: its path starts with the field (`payload.x: …`). */
export function fieldOfError(message: string): FieldName {
  const m = /^(stream_id|streamId|event_type|eventType|timestamp|payload|metadata)\b/u.exec(
    message,
  );
  if (!m) return 'general';
  const f = m[1]!;
  return f === 'streamId' ? 'stream_id' : f === 'eventType' ? 'event_type' : (f as FieldName);
}

/** The payload's or the metadata's JSON editor, labelled, with its problem under it. */
function JsonField(props: {
  name: 'Payload' | 'Metadata';
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  const name = props.name.toLowerCase();
  return (
    <Field label={props.name} error={props.error} errorTestId={`append-error-${name}`}>
      <JsonEditor
        label={`${props.name} (JSON)`}
        testId={`append-${name}`}
        value={props.value}
        onChange={props.onChange}
        // Payloads are what people write; metadata is usually a line or two.
        height={props.name === 'Payload' ? '180px' : '70px'}
      />
    </Field>
  );
}

/** Appends one event to the current instance; problems are shown at the field they concern. */
export function AppendDialog() {
  const open = useUiStore((s) => s.dialog === 'append');
  const close = useUiStore((s) => s.closeDialog);
  const { instance, stream: currentStream } = usePick(useQueryStore, 'instance', 'stream');
  const [streamId, setStreamId] = useState('');
  const [eventType, setEventType] = useState('');
  const [timestamp, setTimestamp] = useState('');
  const [payload, setPayload] = useState('{\n  \n}');
  const [metadata, setMetadata] = useState('{}');
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const append = useOperationMutation('appendEvent');
  const toast = useToast((s) => s.show);

  // Each opening (and a change of stream while open) starts from the stream on screen, without
  // old errors; the type, time, payload and metadata stay as typed, for a series of appends.
  const openedFor = open ? (currentStream ?? '') : null;
  const [shownFor, setShownFor] = useState<string | null>(null);
  if (openedFor !== shownFor) {
    setShownFor(openedFor);
    if (openedFor !== null) {
      setStreamId(openedFor);
      setErrors({});
    }
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!instance) return;
    const local: Partial<Record<FieldName, string>> = {};
    const p = jsonProblem(payload);
    if (p) local.payload = `payload: ${p}`;
    const m = jsonProblem(metadata);
    if (m) local.metadata = `metadata: ${m}`;
    setErrors(local);
    if (p || m) return;
    append.mutate(
      {
        instanceId: instance,
        ...(streamId.trim() ? { stream_id: streamId.trim() } : {}),
        ...(eventType.trim() ? { event_type: eventType.trim() } : {}),
        ...(timestamp.trim()
          ? {
              timestamp: /^\d+$/u.test(timestamp.trim())
                ? Number(timestamp.trim())
                : timestamp.trim(),
            }
          : {}),
        payload: JSON.parse(payload) as JsonObject,
        metadata: JSON.parse(metadata) as JsonObject,
      },
      {
        onSuccess: (data) => {
          toast(
            `Appended ${data.event.event_type} #${data.event.sequence_number} to ${data.event.stream_id}`,
          );
          close();
        },
        onError: (err) => {
          // One sentence per problem, separated by "; ": each goes to the field it names.
          const byField: Partial<Record<FieldName, string>> = {};
          for (const part of err.message.split('; ')) {
            const f = fieldOfError(part);
            byField[f] = byField[f] ? `${byField[f]}; ${part}` : part;
          }
          setErrors(byField);
        },
      },
    );
  };

  const fieldError = (f: FieldName) => ({ error: errors[f], errorTestId: `append-error-${f}` });

  // The three one-line fields, side by side; each says what an empty one means.
  const textFields = [
    {
      name: 'stream_id',
      id: 'stream',
      label: 'Stream',
      hint: 'default “default”',
      value: streamId,
      onChange: setStreamId,
    },
    {
      name: 'event_type',
      id: 'type',
      label: 'Event type',
      hint: 'default “event”',
      value: eventType,
      onChange: setEventType,
    },
    {
      name: 'timestamp',
      id: 'time',
      label: 'Time',
      hint: 'ISO or epoch ms; default now',
      value: timestamp,
      onChange: setTimestamp,
      placeholder: 'now',
    },
  ] satisfies {
    name: FieldName;
    id: string;
    label: string;
    hint: string;
    value: string;
    onChange: (v: string) => void;
    placeholder?: string;
  }[];

  return (
    <Dialog open={open} onClose={close} title="Append an event" wide testId="append-dialog">
      <form className="form append-form" onSubmit={submit}>
        <div className="form-row">
          {textFields.map((f) => (
            <div key={f.name}>
              <TextField
                id={`append-${f.id}`}
                testId={`append-${f.id}`}
                label={f.label}
                hint={f.hint}
                mono
                placeholder={f.placeholder}
                value={f.value}
                onChange={f.onChange}
                {...fieldError(f.name)}
              />
            </div>
          ))}
        </div>
        <JsonField name="Payload" value={payload} onChange={setPayload} error={errors.payload} />
        <JsonField
          name="Metadata"
          value={metadata}
          onChange={setMetadata}
          error={errors.metadata}
        />
        <FieldError error={errors.general} testId="append-error-general" />
        <FormActions
          onCancel={close}
          action="Append"
          testId="append-submit"
          disabled={append.isPending || !instance}
        />
      </form>
    </Dialog>
  );
}
