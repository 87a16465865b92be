import pdfmake from 'pdfmake';
import { dirname, join } from 'node:path';
import { Labels } from './labels';
import { LogPoint } from './log-point';

/** Roboto as pdfmake ships it: it carries Cyrillic and every Kazakh letter (ә ғ қ ң ө ұ ү һ і). */
const FONT_DIR = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
pdfmake.setFonts({
  Roboto: {
    normal: join(FONT_DIR, 'Roboto-Regular.ttf'),
    bold: join(FONT_DIR, 'Roboto-Medium.ttf'),
    italics: join(FONT_DIR, 'Roboto-Italic.ttf'),
    bolditalics: join(FONT_DIR, 'Roboto-MediumItalic.ttf'),
  },
});
// Report content is user text: it must never make the renderer fetch URLs or read other files.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => path.startsWith(FONT_DIR));

export type Content = string | Record<string, unknown> | Content[];

/** "2026-01-15 10:00 UTC": language-neutral and the same wherever the server runs. */
export const formatTime = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '—');
export const formatDate = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '—');
export const formatRate = (rate: number | null, l: Labels) => (rate === null ? l.t.label.notApplicable : `${(rate * 100).toFixed(1)} %`);

export function positionLine(point: LogPoint, l: Labels): string {
  return point.at
    ? `${l.t.label.position}: ${point.position} (${l.t.label.positionTime} ${formatTime(point.at)})`
    : `${l.t.label.position}: 0 (${l.t.label.emptyLog})`;
}

export function table(header: string[], rows: Content[][], widths: Array<string | number>): Content {
  return {
    table: { headerRows: 1, widths, body: [header.map((text) => ({ text, style: 'th' })), ...rows] },
    layout: 'lightHorizontalLines',
    margin: [0, 4, 0, 10],
  };
}

export function facts(rows: Array<[string, string]>): Content {
  return {
    table: { widths: ['auto', '*'], body: rows.map(([k, v]) => [{ text: k, bold: true }, v]) },
    layout: 'noBorders',
    margin: [0, 0, 0, 8],
  };
}

/**
 * Renders one report. Every byte comes from the report's data: the document's dates are the log
 * position's time, so the same position gives the same file.
 */
export function renderPdf(args: {
  title: string;
  subject: string;
  point: LogPoint;
  labels: Labels;
  content: Content[];
  landscape?: boolean;
}): Promise<Buffer> {
  const { title, point, labels } = args;
  const stamp = new Date(point.at ?? 0);
  return pdfmake
    .createPdf({
      info: {
        title,
        subject: args.subject,
        keywords: `log-position:${point.position}`,
        creator: 'consultative-governance',
        producer: 'consultative-governance',
        creationDate: stamp,
        modDate: stamp,
      },
      language: labels.lang,
      pageSize: 'A4',
      pageOrientation: args.landscape ? 'landscape' : 'portrait',
      pageMargins: [40, 40, 40, 50],
      defaultStyle: { font: 'Roboto', fontSize: 9 },
      styles: {
        title: { fontSize: 15, bold: true, margin: [0, 0, 0, 4] },
        h2: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
        h3: { fontSize: 10, bold: true, margin: [0, 6, 0, 2] },
        th: { bold: true, fillColor: '#eeeeee' },
        muted: { color: '#555555' },
        overdue: { color: '#b00020', bold: true },
      },
      footer: (page: number, pages: number) => ({
        columns: [
          { text: positionLine(point, labels), style: 'muted' },
          { text: labels.page(page, pages), alignment: 'right', style: 'muted' },
        ],
        margin: [40, 15, 40, 0],
        fontSize: 8,
      }),
      content: [
        { text: title, style: 'title' },
        { text: positionLine(point, labels), style: 'muted', margin: [0, 0, 0, 8] },
        ...args.content,
      ],
    })
    .getBuffer();
}
