export * from './schema';
export * from './read-model-db';
export * from './projection';
export * from './projector';
export * from './recommendation-queries';
export * from './organisation-queries';
export * from './evidence-projection';
