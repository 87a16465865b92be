// The Russian catalogue, every namespace in one module: one request for the language chosen (i18n.ts).
export default import.meta.glob<Record<string, unknown>>('./ru/*.json', { eager: true, import: 'default' });
