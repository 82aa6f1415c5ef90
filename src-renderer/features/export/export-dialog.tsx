import { useEffect, useState } from 'react';
import type { ExportFormat } from '../../../src-shared/contract/export-spec';
import { topLevelFields } from '../../../src-shared/contract/fields';
import type { ExportJobSnapshot } from '../../../src-shared/contract/jobs';
import { useJob, useJobClient } from '../../client/job-context';
import { useOperation } from '../../client/use-operation';
import { Dialog } from '../../components/dialog';
import { Field, submitHandler } from '../../components/form';
import { displayQuery } from '../query-json/query-text';
import { formatCount } from '../query-run/use-timed-query';
import { useCurrentQuery } from '../query-run/use-current-query';
import { ColumnPicker } from './column-picker';
import { ExportChoice, ExportChoices, FormatChoice } from './export-choice';
import {
  aggregationFormats,
  defaultFileName,
  eventFormats,
  exportQuery,
  withExtension,
  type ColumnMode,
  type ExportTarget,
} from './export-model';
import { ExportProgressView } from './export-progress';
import { useExportStore } from './export-store';
import './export.css';
import { usePick } from '../../state/use-pick';

/**
 * Export the current query: the whole result (every matching event, or every group of its
 * aggregation), in the chosen format, streamed to a file by a job off the UI thread, with
 * progress and cancel. The form shows the exact number of rows it will write.
 */
export function ExportDialog() {
  const { open, setOpen, jobId, reset, markTwoPass } = usePick(
    useExportStore,
    'open',
    'setOpen',
    'jobId',
    'reset',
    'markTwoPass',
  );
  // Followed while the dialog is closed too (this component stays mounted), so a CSV's first
  // pass is seen even when nobody watches it.
  const job = useJob(jobId) as ExportJobSnapshot | null | undefined;
  const scanning = job?.progress?.phase === 'scanning';
  useEffect(() => {
    if (scanning) markTwoPass();
  }, [scanning, markTwoPass]);
  return (
    <Dialog
      open={open}
      onClose={() => {
        setOpen(false);
        // A running export goes on (the button in the bar says so); an ended one is done with.
        if (job?.state !== 'running') reset();
      }}
      title="Export"
      testId="export-dialog"
      className="export-dialog"
      wide
    >
      {jobId ? <ExportProgressView job={job} /> : <ExportForm />}
    </Dialog>
  );
}

function ExportForm() {
  const { full, parts } = useCurrentQuery();
  const client = useJobClient().exports;
  const store = useExportStore();
  const instances = useOperation('listInstances', {}).data?.instances ?? [];
  const hasReduce = parts.reduce !== null && parts.reduce !== undefined;
  const [target, setTarget] = useState<ExportTarget>(hasReduce ? 'aggregation' : 'events');
  const formats = target === 'aggregation' ? aggregationFormats : eventFormats;
  const [chosenFormat, setFormat] = useState<ExportFormat>('csv');
  const format = formats.includes(chosenFormat) ? chosenFormat : 'csv';
  const select = parts.select && parts.select.length > 0 ? parts.select : null;
  const [columnMode, setColumnMode] = useState<ColumnMode>(select ? 'select' : 'all');
  const [custom, setCustom] = useState<string[]>(() => select ?? [...topLevelFields]);
  // On by default: a log value like `=cmd|' /C calc'!A0` must not run when the CSV is opened.
  const [protectFormulas, setProtectFormulas] = useState(true);
  const instanceName = full ? displayQuery(full, instances).from.instance : 'export';
  const [baseName, setBaseName] = useState<string | null>(null);
  const base = baseName ?? defaultFileName(instanceName, target);
  const fileName = withExtension(base.trim(), format);

  const query = full ? exportQuery(full, target) : null;
  // The exact size of what will be written: all events (limit 0 counts without reading
  // them), or the aggregation's group count.
  const counted = useOperation(
    'queryEvents',
    {
      query: query
        ? { ...query, limit: target === 'aggregation' ? 1 : 0 }
        : { from: { instance: '' } },
    },
    { enabled: store.open && query !== null },
  );
  const answer = counted.data?.result;
  const rows = answer
    ? target === 'aggregation'
      ? answer.aggregation && 'groupCount' in answer.aggregation
        ? answer.aggregation.groupCount
        : 1
      : answer.total
    : null;

  const needsColumns = target === 'events' && (format === 'csv' || format === 'parquet');
  const columns =
    !needsColumns || columnMode === 'all' ? undefined : columnMode === 'select' ? select : custom;

  const submit = () => {
    if (!query) return;
    void store.start(client, {
      query,
      format,
      fileName,
      ...(columns && columns.length > 0 ? { columns } : {}),
      ...(format === 'csv' ? { protectFormulas } : {}),
    });
  };

  return (
    <form className="form export-form" onSubmit={submitHandler(submit)}>
      <span className="form-label">What</span>
      <ExportChoices
        name="export-target"
        label="what to export"
        value={target}
        onChange={setTarget}
        options={[
          {
            value: 'events',
            label: 'The events of the query',
            hint: 'every matching event, not only those loaded on screen',
          },
          {
            value: 'aggregation',
            label: 'The aggregation result',
            hint: hasReduce ? 'every group' : 'the query has no aggregation',
            disabled: !hasReduce,
          },
        ]}
      />
      <div className="export-total" data-testid="export-total" data-rows={rows ?? ''}>
        {counted.error ? (
          <span className="field-error" role="alert">
            {counted.error.message}
          </span>
        ) : rows === null ? (
          'Counting…'
        ) : (
          <>
            Writes <strong>{formatCount(rows)}</strong>{' '}
            {target === 'aggregation'
              ? rows === 1
                ? 'group'
                : 'groups'
              : rows === 1
                ? 'event'
                : 'events'}
            {full?.limit !== undefined && target === 'events' && rows > full.limit && (
              <span className="muted"> (the whole result; the view's limit does not apply)</span>
            )}
          </>
        )}
      </div>

      <span className="form-label">Format</span>
      <FormatChoice allowed={formats} value={format} onChange={setFormat} />

      {needsColumns && (
        <>
          <span className="form-label">Columns</span>
          <ExportChoices
            name="export-columns"
            label="columns"
            row
            value={columnMode}
            onChange={setColumnMode}
            options={[
              select !== null && {
                value: 'select',
                label: `The query's select (${select.length})`,
              },
              {
                value: 'all',
                label: 'All fields',
                hint:
                  format === 'csv'
                    ? 'every payload path found, dotted'
                    : 'payload and metadata as JSON',
              },
              { value: 'custom', label: 'Choose' },
            ]}
          />
          {columnMode === 'custom' && (
            <ColumnPicker instance={parts.instance} columns={custom} onChange={setCustom} />
          )}
        </>
      )}

      {format === 'csv' && (
        <ExportChoice
          testId="export-protect-formulas"
          checked={protectFormulas}
          onChange={setProtectFormulas}
          label="Protect against spreadsheet formulas"
          hint="a value starting with = + - @ gets a leading ' so a spreadsheet shows it as text"
        />
      )}

      <FileNameField base={base} format={format} onChange={setBaseName} />
      {store.refused && (
        <p className="field-error" role="alert" data-testid="export-refused">
          {store.refused}
        </p>
      )}
      <div className="form-actions">
        <span className="export-where muted">
          {client.mode === 'desktop'
            ? 'You pick the folder next.'
            : 'The file downloads when it is complete.'}
        </span>
        <button type="button" className="button" onClick={() => store.setOpen(false)}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-primary"
          data-testid="export-start"
          data-autofocus
          disabled={
            !query ||
            store.starting ||
            base.trim() === '' ||
            (columnMode === 'custom' && needsColumns && custom.length === 0)
          }
        >
          {store.starting ? 'Starting…' : client.mode === 'desktop' ? 'Export…' : 'Export'}
        </button>
      </div>
    </form>
  );
}

/** The file's name before its extension, which the format decides (shown after it). */
function FileNameField(props: {
  base: string;
  format: ExportFormat;
  onChange: (base: string) => void;
}) {
  return (
    <Field label="File name" htmlFor="export-file-name">
      <div className="export-file-row">
        <input
          id="export-file-name"
          className="input export-file-name"
          data-testid="export-file-name"
          value={props.base}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => props.onChange(e.target.value)}
        />
        <span className="export-ext">.{props.format}</span>
      </div>
    </Field>
  );
}
