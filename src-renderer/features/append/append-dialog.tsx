import { useState, type FormEvent } from 'react';
import type { JsonObject } from '../../../src-shared/contract/json-value';
import { useUiStore } from '../../state/ui-store';
import { useOperationMutation } from '../../client/use-operation';
import { Dialog } from '../../components/dialog';
import { FieldError, FormActions, TextField } from '../../components/form';
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
  const err = (f: FieldName) => <FieldError error={errors[f]} testId={`append-error-${f}`} />;

  return (
    <Dialog open={open} onClose={close} title="Append an event" wide testId="append-dialog">
      <form className="form append-form" onSubmit={submit}>
        <div className="form-row">
          <div>
            <TextField
              id="append-stream"
              label={
                <>
                  Stream <span className="muted">(default “default”)</span>
                </>
              }
              testId="append-stream"
              mono
              value={streamId}
              onChange={setStreamId}
              {...fieldError('stream_id')}
            />
          </div>
          <div>
            <TextField
              id="append-type"
              label={
                <>
                  Event type <span className="muted">(default “event”)</span>
                </>
              }
              testId="append-type"
              mono
              value={eventType}
              onChange={setEventType}
              {...fieldError('event_type')}
            />
          </div>
          <div>
            <TextField
              id="append-time"
              label={
                <>
                  Time <span className="muted">(ISO or epoch ms; default now)</span>
                </>
              }
              testId="append-time"
              mono
              value={timestamp}
              placeholder="now"
              onChange={setTimestamp}
              {...fieldError('timestamp')}
            />
          </div>
        </div>
        <span className="form-label">Payload</span>
        <JsonEditor
          label="Payload (JSON)"
          testId="append-payload"
          value={payload}
          onChange={setPayload}
          height="180px"
        />
        {err('payload')}
        <span className="form-label">Metadata</span>
        <JsonEditor
          label="Metadata (JSON)"
          testId="append-metadata"
          value={metadata}
          onChange={setMetadata}
          height="70px"
        />
        {err('metadata')}
        {err('general')}
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
