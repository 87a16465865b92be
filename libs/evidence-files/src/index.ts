export * from './file-store';
export * from './sniff';
