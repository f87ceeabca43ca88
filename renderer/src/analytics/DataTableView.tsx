import type { DataTable } from './analytics-tables.js';
import { Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';

/** A chart's numbers as a real table: row headers in the first column, for screen readers and print. */
export function DataTableView({ table }: { table: DataTable }) {
  return (
    <div className="table-scroll">
      <Table className="data-table" data-testid={`table-${table.id}`}>
        <TableCaption>{table.title}</TableCaption>
        <TableHeader>
          <TableRow>
            {table.columns.map((column) => (
              <TableHeaderCell key={column} scope="col">
                {column}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {table.rows.map((row, index) => (
            <TableRow key={index}>
              {row.map((cell, column) =>
                column === 0 ? (
                  <TableHeaderCell key={column} scope="row">
                    {cell}
                  </TableHeaderCell>
                ) : (
                  <TableCell key={column}>{cell}</TableCell>
                ),
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
