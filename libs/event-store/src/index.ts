export * from './event-store.port';
export * from './hash-chain';
export * from './sqlite/sqlite-file';
export * from './sqlite/sqlite-event-store';
export * from './create-event-store';
export * from './verify';
export * from './memory/memory-event-store';
export * from './checkpointed-follower';
