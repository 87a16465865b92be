import { PassThrough } from 'node:stream';
import { freeText, spreadsheetValue, writeCsv } from './export-cells';

async function csvOf(rows: Parameters<typeof spreadsheetValue>[0][][]): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeCsv(
    ['a', 'b', 'c'],
    (async function* () {
      yield rows;
    })(),
    out,
  );
  return Buffer.concat(chunks).toString('utf8');
}

describe('export cells a spreadsheet opens safely', () => {
  it.each(['=1+1', '+7 701', '-2', '@SUM(A1)', '\tтаб', '\rвозврат', '=HYPERLINK("http://x","y")'])(
    'a free text starting like a formula (%j) gets a leading apostrophe',
    (text) => {
      expect(spreadsheetValue(freeText(text))).toBe(`'${text}`);
    },
  );

  it.each(['Рекомендация', ' =не с начала', "'уже", 'a=b', '1/2026', ''])('any other free text (%j) stays as written', (text) => {
    expect(spreadsheetValue(freeText(text))).toBe(text);
  });

  it('ids, dates, codes and numbers are never changed, even a negative number', () => {
    for (const value of ['00000000-0000-4000-8000-000000000001', '2026-06-30', 'IN_PROGRESS', -3, 0, true, null]) {
      expect(spreadsheetValue(value)).toBe(value);
    }
    expect(spreadsheetValue(freeText(null))).toBeNull();
  });

  it('writes the defused text into the CSV, quoted where RFC 4180 needs it, the same bytes every time', async () => {
    const rows = [
      [freeText('=1+2,"x"'), -3, '2026-06-30'],
      [freeText('\rстрока'), freeText('@me'), null],
    ];
    const csv = await csvOf(rows);
    expect(csv).toBe('\uFEFFa,b,c\r\n"\'=1+2,""x""",-3,2026-06-30\r\n"\'\rстрока",\'@me,\r\n');
    expect(await csvOf(rows)).toBe(csv);
  });
});
