import { useEffect, type ReactNode } from 'react';
import type { ImportPreview } from '../../../src-shared/contract/import-spec';
import { useOperation } from '../../client/use-operation';
import { CheckField } from '../../components/form';
import { Select } from '../../components/select';
import { visibleInstances } from '../saved-queries/system-instances';
import { useImportStore } from './import-store';
import { PreviewTable } from './preview-table';
import {
  detectedLabel,
  draftProblems,
  formatChoices,
  resolvedHints,
  timeCheck,
  type FormatChoiceId,
  type ImportDraft,
} from './spec-model';
import type { useImportPreview } from './use-import-preview';
import { usePick } from '../../state/use-pick';

function Field(props: {
  label: ReactNode;
  htmlFor: string;
  error?: string | undefined;
  children: ReactNode;
  wide?: boolean;
}) {
  return (
    <div className={`import-field${props.wide ? ' import-field-wide' : ''}`}>
      <label className="form-label" htmlFor={props.htmlFor}>
        {props.label}
      </label>
      {props.children}
      {props.error && (
        <p className="field-error" role="alert" data-testid={`${props.htmlFor}-error`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

/** The three fields read from each record, with what is used when one is left empty. */
/** How the time field is written, as the drop-down offers it ("Auto" names what was detected). */
const timeFormatLabels: Record<ImportDraft['timeFormat'], string> = {
  auto: 'Auto',
  iso: 'ISO 8601',
  'epoch-s': 'Epoch seconds',
  'epoch-ms': 'Epoch milliseconds',
  custom: 'Custom pattern…',
};
const timeFormats = ['auto', 'iso', 'epoch-s', 'epoch-ms', 'custom'] as const;

const mappedFields = [
  { key: 'stream', label: 'Stream', otherwise: '“default”' },
  { key: 'type', label: 'Event type', otherwise: '“event”' },
  { key: 'time', label: 'Timestamp', otherwise: 'import time' },
] as const;

/**
 * Step 2: format and mapping, with a live preview of the first events as they would be stored.
 * Empty fields are left to detection or the format's preset; what they resolved to is shown as
 * the placeholder.
 */
export function MappingStep(props: { preview: ReturnType<typeof useImportPreview> }) {
  const { draft, setDraft } = usePick(useImportStore, 'draft', 'setDraft');
  const instances = useOperation('listInstances', {});
  const existing = visibleInstances(instances.data?.instances ?? [], false);
  const target = existing.find(
    (i) => i.name === draft.instance.trim() || i.id === draft.instance.trim(),
  );
  // The dialog opens on the selected instance by its id: the field shows (and the job's title
  // names) the instance by its name.
  const byId = target && target.id === draft.instance.trim() && target.name !== target.id;
  useEffect(() => {
    if (byId) setDraft({ instance: target.name });
  }, [byId, target, setDraft]);
  const problems = draftProblems(draft);
  const { data: preview, error, isFetching, pending } = props.preview;
  const hints = resolvedHints(preview);
  const detected = detectedLabel(preview);
  const fieldPaths = preview?.fields.map((f) => f.path) ?? [];
  const set = (key: keyof ImportDraft) => (e: { target: { value: string } }) =>
    setDraft({ [key]: e.target.value });
  const check = timeCheck(preview);

  return (
    <div className="import-mapping" data-testid="import-mapping">
      <div className="import-grid">
        <Field label="Instance" htmlFor="import-instance" error={problems.instance}>
          <div className="import-instance">
            <input
              id="import-instance"
              className="input"
              list="import-instance-list"
              data-testid="import-instance"
              value={byId ? target.name : draft.instance}
              onChange={set('instance')}
              autoComplete="off"
            />
            <span
              className={`badge${target ? '' : ' badge-accent'}`}
              data-testid="import-instance-badge"
            >
              {draft.instance.trim() === '' ? '' : target ? 'existing: events are added' : 'new'}
            </span>
          </div>
          <datalist id="import-instance-list">
            {existing.map((i) => (
              <option key={i.id} value={i.name} />
            ))}
          </datalist>
        </Field>
        <Field label="Format" htmlFor="import-format">
          <select
            id="import-format"
            className="input"
            data-testid="import-format"
            value={draft.format}
            onChange={(e) => setDraft({ format: e.target.value as FormatChoiceId })}
          >
            {formatChoices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.id === 'auto' && detected ? `Detect: ${detected}` : c.label}
              </option>
            ))}
          </select>
        </Field>
        {draft.format === 'regex' ? (
          <Field
            label="Line pattern (named groups become fields)"
            htmlFor="import-pattern"
            error={problems.pattern}
            wide
          >
            <input
              id="import-pattern"
              className="input mono"
              data-testid="import-pattern"
              value={draft.pattern}
              placeholder="^(?<time>\S+ \S+) (?<level>\w+) (?<msg>.*)$"
              onChange={set('pattern')}
              spellCheck={false}
            />
          </Field>
        ) : (
          <div
            className="import-field import-field-wide import-detected"
            data-testid="import-detected"
          >
            <span className="form-label">Fields found</span>
            <p className="muted mono">
              {preview
                ? preview.fields.length === 0
                  ? 'none'
                  : preview.fields
                      .slice(0, 24)
                      .map((f) => f.path)
                      .join('  ') +
                    (preview.fields.length > 24 ? `  … +${preview.fields.length - 24}` : '')
                : '…'}
            </p>
          </div>
        )}
        {mappedFields.map(({ key, label, otherwise }) => (
          <Field key={key} label={label} htmlFor={`import-${key}`}>
            <input
              id={`import-${key}`}
              className="input mono"
              list="import-field-list"
              data-testid={`import-${key}`}
              value={draft[key]}
              placeholder={hints[key] ?? otherwise}
              onChange={set(key)}
              spellCheck={false}
            />
          </Field>
        ))}
        <Field
          label="Time format"
          htmlFor="import-time-format"
          error={problems.timePattern ?? problems.year}
        >
          <div className="import-time-format">
            <Select
              id="import-time-format"
              className="input"
              testId="import-time-format"
              options={timeFormats}
              value={draft.timeFormat}
              render={(f) =>
                f === 'auto' && hints.timeFormat
                  ? `Auto (${hints.timeFormat})`
                  : timeFormatLabels[f]
              }
              onChange={(timeFormat) => setDraft({ timeFormat })}
            />
            {draft.timeFormat === 'custom' && (
              <input
                className="input mono"
                aria-label="Time pattern"
                data-testid="import-time-pattern"
                value={draft.timePattern}
                placeholder="MMM d HH:mm:ss"
                onChange={set('timePattern')}
                spellCheck={false}
              />
            )}
            <input
              className="input mono import-year"
              aria-label="Year of year-less times"
              title="The year of times written without one (syslog); empty: the latest year not in the future"
              data-testid="import-year"
              value={draft.year}
              placeholder="year"
              onChange={set('year')}
            />
          </div>
          <TimeCheck check={check} preview={preview} />
        </Field>
        <div className="import-field import-meta">
          <span className="form-label">Metadata</span>
          <CheckField
            checked={draft.source}
            testId="import-meta-source"
            onChange={(source) => setDraft({ source })}
          >
            source file and line
          </CheckField>
          <CheckField
            checked={draft.raw}
            testId="import-meta-raw"
            onChange={(raw) => setDraft({ raw })}
          >
            the raw line
          </CheckField>
        </div>
        <datalist id="import-field-list">
          {fieldPaths.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
      </div>
      <p className="muted import-hint">
        A field is a dotted path; <span className="mono">{'{a}:{b}'}</span> joins fields,{' '}
        <span className="mono">=text</span> is a constant, <span className="mono">field~regex</span>{' '}
        takes a part. Everything not used goes to the payload.
      </p>
      <div className="import-preview-head">
        <strong>Preview</strong>
        <span className="muted" data-testid="import-preview-status" role="status">
          {error
            ? ''
            : preview
              ? `first ${preview.events.length + preview.problems.length} lines: ${preview.events.length} events, ${preview.problems.length} not importable · ${preview.format}${preview.preset ? ` (${preview.preset})` : ''}${preview.gzip ? ', gzip' : ''}${isFetching || pending ? ' · updating…' : ''}`
              : 'reading the start of the files…'}
        </span>
      </div>
      {error && (
        <p
          className="field-error import-preview-error"
          role="alert"
          data-testid="import-preview-error"
        >
          {error.message}
        </p>
      )}
      {preview && !error && <PreviewTable preview={preview} />}
      {preview && preview.notes.length > 0 && !error && (
        <ul className="import-notes muted">
          {preview.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function TimeCheck(props: {
  check: ReturnType<typeof timeCheck>;
  preview: ImportPreview | undefined;
}) {
  const { check, preview } = props;
  if (!preview) return null;
  const mapped = preview.spec.mapping?.time?.source !== undefined;
  if (!mapped)
    return <p className="muted import-time-check">No time field: events get the import time.</p>;
  if (check.bad === 0)
    return (
      <p className="import-time-check ok" data-testid="import-time-check">
        ✓ {check.ok} of {check.ok} times read
      </p>
    );
  return (
    <p className="import-time-check bad" data-testid="import-time-check">
      ✗ {check.bad} not read: {check.reason}
    </p>
  );
}
