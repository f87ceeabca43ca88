import type { TFunction } from 'i18next';
import writeExcelFile from 'write-excel-file/browser';
import type { ExportRow } from '../../../shared/analytics/analytics-contract.js';
import { defuse, toCsv, type CsvCell } from '../../../shared/analytics/csv.js';
import type { DataTable } from './analytics-tables.js';

/** The incident export's columns, in order; the name columns only when names were asked for. */
export function incidentTable(rows: readonly ExportRow[], withNames: boolean, t: TFunction): { columns: string[]; rows: CsvCell[][] } {
  const f = (key: string) => t(`analytics.fields.${key}`);
  const yesNo = (value: boolean) => t(value ? 'analytics.export.yes' : 'analytics.export.no');
  const columns = ['id', 'date', 'time', 'status', 'channel', 'forms', 'causes', 'site', 'floor', 'desk', 'injury', 'sick_leave_days', 'damage', 'emotional_impact', 'perpetrator_kind', ...(withNames ? ['reporter_name', 'witnesses', 'perpetrator_description'] : [])];
  return {
    columns: columns.map(f),
    rows: rows.map((row) => [
      row.id,
      row.date,
      row.time,
      row.status,
      t(`incident.channels.${row.channel}`),
      row.forms.map((form) => t(`incident.forms.${form}`)).join(', '),
      row.causes.map((cause) => t(`incident.causes.${cause}`)).join(', '),
      row.site,
      row.floor,
      row.desk,
      yesNo(row.injury),
      row.sick_leave_days,
      row.damage_cents / 100,
      row.emotional_impact ?? '',
      row.perpetrator_kind ?? '',
      ...(withNames ? [row.reporter_name ?? '', row.witnesses ?? '', row.perpetrator_description ?? ''] : []),
    ]),
  };
}

/** All overviews in one CSV: each under its title, a blank line between. */
export function aggregatesCsv(tables: readonly DataTable[]): string {
  const lines: CsvCell[][] = [];
  tables.forEach((table, index) => {
    if (index > 0) lines.push([]);
    lines.push([table.title], table.columns, ...table.rows);
  });
  const [first, ...rest] = lines;
  return toCsv(first?.map(String) ?? [], rest);
}

type Cell = { value: string | number };
const sheetRows = (columns: readonly string[], rows: readonly (readonly CsvCell[])[]): Cell[][] => [columns.map((value) => ({ value })), ...rows.map((row) => row.map((value) => ({ value: defuse(value) })))];
/** Sheet names: at most 31 characters, none of []:*?/\ (Excel's rules). */
const sheetName = (title: string) => title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

export async function incidentsXlsx(table: { columns: string[]; rows: CsvCell[][] }, name: string): Promise<Blob> {
  return writeExcelFile([{ data: sheetRows(table.columns, table.rows), sheet: sheetName(name), stickyRowsCount: 1 }]).toBlob();
}

export async function aggregatesXlsx(tables: readonly DataTable[]): Promise<Blob> {
  return writeExcelFile(tables.map((table) => ({ data: sheetRows(table.columns, table.rows), sheet: sheetName(table.title), stickyRowsCount: 1 }))).toBlob();
}

export const csvBlob = (text: string) => new Blob([text], { type: 'text/csv;charset=utf-8' });

/** Hands a file to the browser's download (Electron shows its save dialog). */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
