// UI strings in Kazakh, Russian and English. Each area of the app has its own namespace file,
// locales/<lang>/<namespace>.json; a new file is picked up by the build with no code change here.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'gov.lang';

const files = import.meta.glob<Record<string, unknown>>('./locales/*/*.json', { eager: true, import: 'default' });
const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, strings] of Object.entries(files)) {
  const [, lang, ns] = /\.\/locales\/(\w+)\/([\w-]+)\.json$/.exec(path) ?? [];
  if (lang && ns) (resources[lang] ??= {})[ns] = strings;
}
export const NAMESPACES = Object.keys(resources.en ?? {});

function initialLanguage(): Language {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  const stored = fromUrl ?? localStorage.getItem(STORAGE_KEY);
  if (stored && (LANGUAGES as readonly string[]).includes(stored)) return stored as Language;
  for (const wanted of navigator.languages) {
    const base = wanted.slice(0, 2).toLowerCase();
    if ((LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return 'kk';
}

void i18next.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: ['ru', 'en'],
  ns: NAMESPACES,
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
});

function applyLanguage(lang: string) {
  document.documentElement.lang = lang;
}
applyLanguage(i18next.language);
i18next.on('languageChanged', (lang) => {
  localStorage.setItem(STORAGE_KEY, lang);
  applyLanguage(lang);
});

export default i18next;
