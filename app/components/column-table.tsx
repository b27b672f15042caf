import type { ReactNode } from "react";

/** A column of a ColumnTable: its header, the label a phone shows beside each cell (the header if not given). */
export type Column<T> = { header: string; label?: string; className?: string; cell: (row: T) => ReactNode };

/**
 * A table of rows by columns, each cell labelled for the phone layout (`stack` or `cards`, app.css), in its
 * scrolling wrapper.
 */
export function ColumnTable<T>(props: {
  label: string;
  layout: "stack" | "cards";
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string | number;
  rowTestId?: string;
}) {
  return (
    <div className="table-wrap">
      <table className={`table table--${props.layout}`} aria-label={props.label}>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.header} scope="col">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)} data-testid={props.rowTestId}>
              {props.columns.map((c) => (
                <td key={c.header} data-label={c.label ?? c.header} className={c.className}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
