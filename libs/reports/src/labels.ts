import en from '../../../apps/web/src/locales/en/reports.json';
import kk from '../../../apps/web/src/locales/kk/reports.json';
import ru from '../../../apps/web/src/locales/ru/reports.json';
import { MultilingualText } from '@gov/domain';
import { ReportError } from './report-error';

/** The web app's `reports` namespace: the server renders with the same catalogue people see. */
export type Catalogue = typeof en;
export const REPORT_LANGUAGES = ['kk', 'ru', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];
const CATALOGUES: Record<ReportLanguage, Catalogue> = { kk, ru, en };

export interface Labels {
  lang: ReportLanguage;
  t: Catalogue;
  /** A multilingual text in the report's language, else the first other language present. */
  pick(text: MultilingualText | null | undefined): string;
  page(page: number, pages: number): string;
  yesNo(value: boolean): string;
}

export function parseLanguage(value: string | undefined): ReportLanguage {
  if (value === undefined || value === '') return 'ru';
  if (!(REPORT_LANGUAGES as readonly string[]).includes(value))
    throw new ReportError('BAD_LANGUAGE', 400, `lang must be one of ${REPORT_LANGUAGES.join(', ')}`);
  return value as ReportLanguage;
}

export function labelsFor(lang: ReportLanguage): Labels {
  const t = CATALOGUES[lang];
  const order: ReportLanguage[] = [lang, ...REPORT_LANGUAGES.filter((l) => l !== lang)];
  return {
    lang,
    t,
    pick: (text) => {
      for (const l of order) if (text?.[l]) return text[l];
      return '';
    },
    page: (page, pages) => t.label.page.replace('{{page}}', String(page)).replace('{{pages}}', String(pages)),
    yesNo: (value) => t.boolean[value ? 'true' : 'false'],
  };
}
