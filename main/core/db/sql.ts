/**
 * A `sql` tag: values become bound parameters, never string splices.
 * `sql\`SELECT * FROM desk WHERE id = ${id}\`` → { text: 'SELECT * FROM desk WHERE id = ?', params: [id] }
 */
export interface SqlQuery {
  readonly text: string;
  readonly params: readonly SqlValue[];
}
export type SqlValue = string | number | bigint | Buffer | null;

export function sql(strings: TemplateStringsArray, ...values: readonly SqlValue[]): SqlQuery {
  return { text: strings.join('?'), params: values };
}
