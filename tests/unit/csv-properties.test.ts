// Property tests of the merge over generated exports, hostile ones included: every row is
// accounted for, every reference comes out, and each cell holds the later file's value.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { CaseMerger } from '../../lib/csv/merge';
import { mergedCsv, neutraliseFormula } from '../../lib/csv/export';
import { readAll, utf8 } from './csv-helpers';

const REFERENCES = ['PNX-4302137-CSP5', 'pnx-4302137-csp5', ' PNX-1-A ', 'PNX-2-B', '=PNX-3', '-PNX-4', '@5', 'PNX "6"', 'PNX,7', 'PNX\n8', 'ＰＮＸ-9', 'PNX-10\u0000', "'=PNX-11", '£12 “x”', '🚀13', '\tPNX-14', '', '  '];
const COLUMNS = ['Case stage', 'Enquiry date', 'Business name', 'Your Case Owner', 'Notes', 'Extra column'];
/** The same columns as the export orders them; files with a prefix of these keep their lines as read. */
const IN_EXPORT_ORDER = ['Business name', 'Case stage', 'Enquiry date', 'Your Case Owner', 'Notes', 'Extra column'];

const char = fc.oneof(
  { arbitrary: fc.constantFrom('a', 'Z', '1', ' ', 'é', '£', '“', '”', '🚀', 'ß', '中'), weight: 12 },
  { arbitrary: fc.constantFrom(',', ';', '\t', '"', '\n', '\r\n', '\r', '=', '+', '-', '@', "'", '\uFEFF', '\u001F'), weight: 6 },
  { arbitrary: fc.constant('\u0000'), weight: 1 },
);
const cell = fc.oneof({ arbitrary: fc.constant(''), weight: 2 }, { arbitrary: fc.array(char, { maxLength: 8 }).map((chars) => chars.join('')), weight: 5 });

const file = fc.record({
  columns: fc.shuffledSubarray(COLUMNS, { minLength: 1 }),
  keyAt: fc.nat(),
  // Case reference, then the first columns in export order (a narrower later file of the same kind).
  exportOrder: fc.boolean(),
  delimiter: fc.constantFrom(',', ';', '\t'),
  newline: fc.constantFrom('\r\n', '\n'),
  bom: fc.boolean(),
  rows: fc.array(fc.tuple(fc.constantFrom(...REFERENCES), fc.array(cell, { minLength: 6, maxLength: 6 })), { maxLength: 12 }),
});

/** What the importer makes of a written cell: exactly our own neutralisation prefix is taken off (a '-5 is kept). */
const asRead = (value: string): string => (value.startsWith("'") && neutraliseFormula(value.slice(1)) === value ? value.slice(1) : value);

describe('mergeExports properties', () => {
  it('rows in = rows out + superseded + rejected; every reference is in the output with the later value', () => {
    fc.assert(
      fc.property(fc.array(file, { minLength: 1, maxLength: 4 }), fc.boolean(), (files, laterWinsEvenWhenEmpty) => {
        const merger = new CaseMerger({ laterWinsEvenWhenEmpty });
        // The model: per reference, per column, the value the rules say must come out.
        const model = new Map<string, Map<string, string>>();
        let rowsWritten = 0;
        files.forEach((spec, index) => {
          const header = spec.exportOrder ? IN_EXPORT_ORDER.slice(0, spec.columns.length) : [...spec.columns];
          header.splice(spec.exportOrder ? 0 : spec.keyAt % (header.length + 1), 0, 'Case reference');
          const rows = spec.rows.map(([reference, cells]) => header.map((name) => (name === 'Case reference' ? reference : cells[COLUMNS.indexOf(name)]!)));
          const text = (spec.bom ? '\uFEFF' : '') + Papa.unparse({ fields: header, data: rows }, { delimiter: spec.delimiter, newline: spec.newline });
          const report = merger.addFile({ name: `file-${index}.csv`, bytes: utf8(text) });
          expect(report.status, report.refusal).toBe('merged');
          rowsWritten += rows.length;
          for (const row of rows) {
            const read = row.map(asRead);
            const key = read[header.indexOf('Case reference')]!.trim().toUpperCase();
            if (key === '') continue;
            const values = model.get(key) ?? new Map<string, string>();
            header.forEach((name, i) => {
              if (read[i] !== '' || laterWinsEvenWhenEmpty || !values.has(name)) {
                if (read[i] !== '' || laterWinsEvenWhenEmpty) values.set(name, read[i]!);
                else if (!values.has(name)) values.set(name, '');
              }
            });
            model.set(key, values);
          }
        });

        const summary = merger.summary();
        expect(summary.rowsIn).toBe(rowsWritten);
        expect(summary.rowsIn).toBe(summary.rowsOut + summary.superseded + summary.rejected);
        expect(summary.rowsOut).toBe(model.size);

        // Every row as wide as the header, the Source file column holding a file name only.
        const [written, ...lines] = Papa.parse<string[]>(mergedCsv(merger, { provenance: true }).slice(1), { newline: '\r\n', skipEmptyLines: true }).data;
        for (const line of lines) {
          expect(line).toHaveLength(written!.length);
          expect(line.at(-1)).toMatch(/^file-\d+\.csv$/);
        }

        // Read our own output back: one row per reference, the model's values, nothing rejected.
        const again = readAll({ name: 'merged.csv', bytes: utf8(mergedCsv(merger)) });
        expect(again.report.rowsRejected).toBe(0);
        const names = again.header!.columns.map((column) => column.name);
        const out = new Map(again.rows.map((row) => [row.reference.toUpperCase(), row.cells]));
        expect([...out.keys()].sort()).toEqual([...model.keys()].sort());
        for (const [key, values] of model) {
          for (const [name, value] of values) expect(out.get(key)![names.indexOf(name)], `${key} ${name}`).toBe(value);
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
