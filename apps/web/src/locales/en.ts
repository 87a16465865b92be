// The English catalogue, every namespace in one module: one request for the language chosen (i18n.ts).
export default import.meta.glob<Record<string, unknown>>('./en/*.json', { eager: true, import: 'default' });
