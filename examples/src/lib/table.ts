/**
 * Results tables as markdown: padded so they read well on a terminal and stay valid markdown in the
 * `<example>.md` file next to the figures.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface Column {
  readonly header: string;
  /** Fixed decimals for numeric cells, as the tutorial prints them (`{:.3f}` → 3). */
  readonly digits?: number;
  /** Scientific notation for numeric cells (`{:.2e}`), with `digits` mantissa decimals. */
  readonly exponential?: boolean;
}

export type Cell = string | number;

export interface Table {
  readonly title: string;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
}

export function formatCell(value: Cell, column: Column): string {
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  // Fixed decimals make a diverged run unreadable (-4553730267517574…), so large values switch to exponent form.
  if (column.exponential || (column.digits !== undefined && Math.abs(value) >= 1e6)) {
    return value.toExponential(column.digits ?? 2);
  }
  return column.digits === undefined ? String(value) : value.toFixed(column.digits);
}

/** Numbers right-aligned (so decimals line up), text left-aligned, as a reader scans them. */
function isNumericColumn(table: Table, index: number): boolean {
  return table.rows.length > 0 && table.rows.every((row) => typeof row[index] === 'number');
}

export function formatTable(table: Table): string {
  const width = table.columns.length;
  for (const [i, row] of table.rows.entries()) {
    if (row.length !== width) {
      throw new RangeError(`table "${table.title}": row ${i} has ${row.length} cells but there are ${width} columns`);
    }
  }
  const escape = (s: string) => s.replace(/\|/g, '\\|');
  const cells = table.rows.map((row) => row.map((v, i) => escape(formatCell(v, table.columns[i]))));
  const headers = table.columns.map((c) => escape(c.header));
  const numeric = table.columns.map((_, i) => isNumericColumn(table, i));
  const widths = headers.map((h, i) => Math.max(3, h.length, ...cells.map((r) => r[i].length)));
  const pad = (s: string, i: number) => (numeric[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]));
  const line = (parts: string[]) => `| ${parts.join(' | ')} |`;
  const rule = widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w)));
  return [
    `**${table.title}**`,
    '',
    line(headers.map(pad)),
    line(rule),
    ...cells.map((r) => line(r.map(pad))),
  ].join('\n');
}

/** One markdown page: a heading, every table, then links to the figures beside it. */
export function formatReport(heading: string, tables: readonly Table[], figureFiles: readonly string[]): string {
  const parts = [`# ${heading}`, ...tables.map(formatTable)];
  if (figureFiles.length > 0) parts.push(figureFiles.map((f) => `![${f}](${f})`).join('\n\n'));
  return `${parts.join('\n\n')}\n`;
}

export async function writeReport(file: string, report: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, report, 'utf8');
}
