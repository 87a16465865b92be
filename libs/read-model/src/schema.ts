import { Migration } from '@gov/event-store';
import { PROJECTIONS } from './projections';

/** "GVRM": marks the file as this product's read model. */
export const READ_MODEL_APPLICATION_ID = 0x4756524d;

/**
 * Bump when a projection handler changes what it writes: on start the service sees the stored
 * version differ and rebuilds the read model beside the served one (ReadModelUpgrade).
 */
export const PROJECTION_VERSION = 19;

export const READ_MODEL_MIGRATIONS: Migration[] = [
  {
    version: 1,
    up: `
      CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL, projection_version INTEGER NOT NULL);
      INSERT INTO checkpoint VALUES (1, 0, 0);
    `,
  },
];

/** The projected tables, with the indexes the projections themselves read by; dropped and recreated by a rebuild. */
export const PROJECTION_TABLES = PROJECTIONS.flatMap((p) => Object.values(p.tables)).join('\n');

/**
 * Indexes only queries read. A replay from zero builds them once at the end (one sort each)
 * instead of updating them for every event; a live projector keeps them current.
 */
export const QUERY_INDEXES = PROJECTIONS.map((p) => p.queryIndexes ?? '').join('\n');

export const PROJECTION_TABLE_NAMES = PROJECTIONS.flatMap((p) => Object.keys(p.tables));
