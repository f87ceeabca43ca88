/** One cell of an export: text or a number. */
export type CsvCell = string | number;

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a tab or return first) is
 * prefixed with an apostrophe: exported text is data, never a formula (CSV injection).
 * Numbers stay numbers.
 */
export function defuse(cell: CsvCell): CsvCell {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** Dutch Excel: UTF-8 with a byte-order mark, ";" between fields, decimal comma, CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const field = (cell: CsvCell) => {
    const text = typeof cell === 'number' ? String(cell).replace('.', ',') : String(defuse(cell));
    return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `\uFEFF${[header, ...rows].map((row) => row.map(field).join(';')).join('\r\n')}\r\n`;
}
