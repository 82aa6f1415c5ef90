import type { ImportPreview } from '../../../src-shared/contract/import-spec';
import { ColumnHeads, type ColumnHead } from '../../components/column-heads';

/** Payload takes what the others leave. */
const previewColumns: readonly ColumnHead[] = [
  { label: 'Line', width: '58px', num: true },
  { label: 'Stream', width: '14%' },
  { label: 'Type', width: '14%' },
  { label: 'Timestamp (UTC)', width: '200px' },
  { label: 'Payload' },
  { label: 'Metadata', width: '18%' },
];

function short(value: unknown, max = 160): string {
  const text = JSON.stringify(value) ?? '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The first events exactly as they would be stored, and the lines that would not be. */
export function PreviewTable(props: { preview: ImportPreview }) {
  const { preview } = props;
  const rows = [
    ...preview.events.map((e) => ({ kind: 'event' as const, line: e.line, file: e.file, e })),
    ...preview.problems.map((p) => ({ kind: 'bad' as const, line: p.line, file: p.file, p })),
  ].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  const multi = new Set(rows.map((r) => r.file)).size > 1;
  return (
    <div className="import-preview-wrap">
      <table className="import-preview" data-testid="import-preview">
        <ColumnHeads columns={previewColumns} />
        <tbody>
          {rows.map((r) =>
            r.kind === 'event' ? (
              <tr key={`${r.file}:${r.line}`} data-testid="import-preview-row">
                <td className="num">
                  {multi ? `${r.file}:` : ''}
                  {r.line}
                </td>
                <td className="mono" title={r.e.stream_id}>
                  {r.e.stream_id}
                </td>
                <td className="mono" title={r.e.event_type}>
                  {r.e.event_type}
                </td>
                <td className="mono">
                  {r.e.timestamp ?? <span className="muted">import time</span>}
                </td>
                <td className="mono payload" title={short(r.e.payload, 2000)}>
                  {short(r.e.payload)}
                </td>
                <td className="mono payload" title={short(r.e.metadata, 2000)}>
                  {short(r.e.metadata, 80)}
                </td>
              </tr>
            ) : (
              <tr
                key={`${r.file}:${r.line}:bad`}
                className="bad"
                data-testid="import-preview-problem"
              >
                <td className="num">
                  {multi ? `${r.file}:` : ''}
                  {r.line}
                </td>
                <td colSpan={5}>
                  <strong>Not imported:</strong> {r.p.reason}{' '}
                  <span className="mono muted">{r.p.text.slice(0, 120)}</span>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
