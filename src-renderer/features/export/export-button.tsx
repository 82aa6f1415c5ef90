import { useExportStore } from './export-store';

/** The query bar's "Export…": opens the export dialog on the current query (also: E, Ctrl+K). */
export function ExportButton(props: { disabled: boolean }) {
  const setOpen = useExportStore((s) => s.setOpen);
  const running = useExportStore((s) => s.job?.state === 'running');
  return (
    <button
      type="button"
      className={`q-button ${running ? 'q-on' : ''}`}
      data-testid="export-open"
      disabled={props.disabled}
      title="Export the whole result of the query to a file (E)"
      onClick={() => setOpen(true)}
    >
      <svg
        width={14}
        height={14}
        viewBox="0 0 16 16"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
      >
        <path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M3 13h10" />
      </svg>
      <span className="q-label">{running ? 'Exporting…' : 'Export…'}</span>
    </button>
  );
}
