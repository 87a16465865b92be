// The Kazakh catalogue, every namespace in one module: one request for the language chosen (i18n.ts).
export default import.meta.glob<Record<string, unknown>>('./kk/*.json', { eager: true, import: 'default' });
