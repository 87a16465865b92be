// UI strings in Kazakh, Russian and English. Each area of the app has its own namespace file,
// locales/<lang>/<namespace>.json; a new file is picked up by the build with no code change here
// (locales/<lang>.ts gathers a language's files into one module).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { afterScreenReady } from './components/screen-ready';

export const LANGUAGES = ['kk', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'gov.lang';

// Only the reader's language is fetched with the screen (about 13 KB compressed each on a phone's
// link); the others follow once the screen is ready, for the fallbacks and a switch.
const CATALOGUES: Record<Language, () => Promise<{ default: Record<string, Record<string, unknown>> }>> = {
  kk: () => import('./locales/kk'),
  ru: () => import('./locales/ru'),
  en: () => import('./locales/en'),
};

const loaded = new Map<Language, Promise<void>>();
function load(lang: Language): Promise<void> {
  let done = loaded.get(lang);
  if (!done) {
    done = CATALOGUES[lang]().then(({ default: files }) => {
      for (const [path, strings] of Object.entries(files)) {
        const [, ns] = /\/([\w-]+)\.json$/.exec(path) ?? [];
        if (ns) i18next.addResourceBundle(lang, ns, strings);
      }
    });
    loaded.set(lang, done);
  }
  return done;
}

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

const language = initialLanguage();
// Asked first: the request goes out before i18next sets itself up.
const catalogue = load(language);
const initialised = i18next.use(initReactI18next).init({
  resources: {},
  lng: language,
  fallbackLng: ['ru', 'en'],
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Resolves once the reader's language can be shown: render after it. */
export const i18nReady: Promise<void> = Promise.all([initialised, catalogue]).then(() => {
  void afterScreenReady().then(() => Promise.all(LANGUAGES.map(load)));
});

/** Switches the screens to another language, its catalogue fetched first if need be. */
export async function switchLanguage(lang: Language): Promise<void> {
  await load(lang);
  await i18next.changeLanguage(lang);
}

function applyLanguage(lang: string) {
  document.documentElement.lang = lang;
}
applyLanguage(i18next.language);
i18next.on('languageChanged', (lang) => {
  localStorage.setItem(STORAGE_KEY, lang);
  applyLanguage(lang);
});

export default i18next;
