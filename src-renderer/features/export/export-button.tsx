import { useJob } from '../../client/job-context';
import { ToolButton } from '../../components/tool-button';
import { useExportStore } from './export-store';

/** The query bar's "Export…": opens the export dialog on the current query (also: E, Ctrl+K). */
export function ExportButton(props: { disabled: boolean }) {
  const setOpen = useExportStore((s) => s.setOpen);
  const running = useJob(useExportStore((s) => s.jobId))?.state === 'running';
  return (
    <ToolButton
      icon="download"
      label={running ? 'Exporting…' : 'Export…'}
      on={running}
      data-testid="export-open"
      disabled={props.disabled}
      title="Export the whole result of the query to a file (E)"
      onClick={() => setOpen(true)}
    />
  );
}
