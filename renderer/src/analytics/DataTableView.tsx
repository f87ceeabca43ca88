import type { DataTable } from './analytics-tables.js';

/** A chart's numbers as a real table: row headers in the first column, for screen readers and print. */
export function DataTableView({ table }: { table: DataTable }) {
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid={`table-${table.id}`}>
        <caption>{table.title}</caption>
        <thead>
          <tr>
            {table.columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, column) =>
                column === 0 ? (
                  <th key={column} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={column}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
