/** A column of a fixed-layout table: its heading, and its width where it has one. */
export interface ColumnHead {
  label: string;
  /** A CSS width (`64px`, `14%`); a column without one shares what the others leave. */
  width?: string;
  /** Numbers: the heading aligns right, as the cells below it do. */
  num?: boolean;
}

/**
 * The heading row of a fixed-layout table, from a list that says each column's label and width
 * together: with the widths in CSS by `th:nth-child(n)`, a column added or moved took the width
 * of its neighbour, and nothing said so.
 */
export function ColumnHeads({ columns }: { columns: readonly ColumnHead[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th
            key={c.label}
            className={c.num ? 'num' : undefined}
            style={c.width === undefined ? undefined : { width: c.width }}
          >
            {c.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
