export * from './file-store.port';
export * from './file-store';
export * from './sniff';
export * from './postgres-file-store';
