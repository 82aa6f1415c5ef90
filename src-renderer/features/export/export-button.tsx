import { useJob } from '../../client/job-context';
import { QIcon } from '../query-ui/icons';
import { useExportStore } from './export-store';

/** The query bar's "Export…": opens the export dialog on the current query (also: E, Ctrl+K). */
export function ExportButton(props: { disabled: boolean }) {
  const setOpen = useExportStore((s) => s.setOpen);
  const running = useJob(useExportStore((s) => s.jobId))?.state === 'running';
  return (
    <button
      type="button"
      className={`q-button ${running ? 'q-on' : ''}`}
      data-testid="export-open"
      disabled={props.disabled}
      title="Export the whole result of the query to a file (E)"
      onClick={() => setOpen(true)}
    >
      <QIcon name="download" />
      <span className="q-label">{running ? 'Exporting…' : 'Export…'}</span>
    </button>
  );
}
