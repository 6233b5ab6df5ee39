import { describe, expect, it } from 'vitest';
import { formatCell, formatReport, formatTable, type Table } from '../src/lib/table.js';

const table: Table = {
  title: 'Loss',
  columns: [{ header: 'optimizer' }, { header: 'step20', digits: 3 }, { header: 'tiny', exponential: true }],
  rows: [
    ['SGD', 0.48, 1.5e-9],
    ['Adam', 0.177, 2e-10],
  ],
};

describe('formatTable', () => {
  it('pads columns, right-aligns numbers and formats them per column', () => {
    expect(formatTable(table)).toBe(
      [
        '**Loss**',
        '',
        '| optimizer | step20 |     tiny |',
        '| --------- | -----: | -------: |',
        '| SGD       |  0.480 |  1.50e-9 |',
        '| Adam      |  0.177 | 2.00e-10 |',
      ].join('\n'),
    );
  });

  it('switches fixed-decimal cells to exponent form for diverged values', () => {
    expect(formatCell(-248453920.566, { header: 'x', digits: 3 })).toBe('-2.485e+8');
    expect(formatCell(12.5, { header: 'x', digits: 1 })).toBe('12.5');
    expect(formatCell(Number.NaN, { header: 'x', digits: 3 })).toBe('NaN');
  });

  it('escapes pipes so a cell cannot break the row', () => {
    const out = formatTable({ title: 't', columns: [{ header: 'a|b' }], rows: [['x|y']] });
    expect(out).toContain('a\\|b');
    expect(out).toContain('x\\|y');
  });

  it('rejects a row with the wrong number of cells', () => {
    expect(() => formatTable({ title: 'bad', columns: [{ header: 'a' }, { header: 'b' }], rows: [[1]] })).toThrow(
      /row 0 has 1 cells but there are 2 columns/,
    );
  });

  it('formats a report with every table and links to the figures', () => {
    const report = formatReport('Example', [table], ['loss.svg']);
    expect(report.startsWith('# Example\n\n**Loss**')).toBe(true);
    expect(report).toContain('![loss.svg](loss.svg)');
    expect(report.endsWith('\n')).toBe(true);
  });
});
