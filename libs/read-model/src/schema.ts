import { Migration } from '@gov/event-store';
import { EVIDENCE_TABLES, EVIDENCE_TABLE_NAMES } from './evidence-projection';

/** "GVRM": marks the file as this product's read model. */
export const READ_MODEL_APPLICATION_ID = 0x4756524d;

/**
 * Bump when a projection handler changes what it writes: on start the projector sees the stored
 * version differ, drops the tables and replays the log.
 */
export const PROJECTION_VERSION = 12;

export const READ_MODEL_MIGRATIONS: Migration[] = [
  {
    version: 1,
    up: `
      CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL, projection_version INTEGER NOT NULL);
      INSERT INTO checkpoint VALUES (1, 0, 0);
    `,
  },
];

/** The projected tables, with the indexes the projection itself reads by; dropped and recreated by a rebuild. */
export const PROJECTION_TABLES = `
  CREATE TABLE units (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, parent_unit_id TEXT, status TEXT NOT NULL,
    registered_at TEXT NOT NULL, revision INTEGER NOT NULL
  );
  CREATE TABLE bodies (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, host_unit_id TEXT NOT NULL, region TEXT NOT NULL,
    status TEXT NOT NULL, established_at TEXT NOT NULL, revision INTEGER NOT NULL
  );
  CREATE TABLE members (
    body_id TEXT NOT NULL, member_id TEXT NOT NULL, full_name TEXT NOT NULL, role TEXT NOT NULL, affiliation TEXT,
    appointed_at TEXT NOT NULL, left_at TEXT, PRIMARY KEY (body_id, member_id)
  );
  CREATE TABLE meetings (
    id TEXT PRIMARY KEY, body_id TEXT NOT NULL, number TEXT NOT NULL, kind TEXT NOT NULL, title TEXT, starts_at TEXT NOT NULL,
    place TEXT NOT NULL, format TEXT NOT NULL, status TEXT NOT NULL, held_at TEXT, members_present TEXT, members_total INTEGER,
    guests TEXT, quorum INTEGER, minutes_approved_at TEXT, published INTEGER NOT NULL DEFAULT 0, published_at TEXT,
    cancel_reason TEXT, revision INTEGER NOT NULL
  );
  CREATE TABLE agenda_items (
    meeting_id TEXT NOT NULL, item_id TEXT NOT NULL, ord INTEGER NOT NULL, title TEXT NOT NULL, speaker TEXT,
    covers_meeting_ids TEXT, as_of_position TEXT, minutes TEXT, PRIMARY KEY (meeting_id, item_id)
  );
  -- Narrow rows: oversight queries scan this table and its covering index; texts live apart.
  -- seq is the stable integer key versions refer to (an implicit rowid may change on VACUUM).
  CREATE TABLE recommendations (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, body_id TEXT NOT NULL, meeting_id TEXT NOT NULL, agenda_item_id TEXT NOT NULL, number TEXT NOT NULL,
    origin TEXT NOT NULL, priority TEXT NOT NULL, status TEXT NOT NULL, lead_unit_id TEXT, co_executor_unit_ids TEXT NOT NULL DEFAULT '[]',
    due_date TEXT, original_due_date TEXT, extensions INTEGER NOT NULL DEFAULT 0, pending_extension TEXT, percent INTEGER NOT NULL DEFAULT 0,
    implementation_reported_by TEXT, adopted_at TEXT NOT NULL, closed_at TEXT, days_to_close INTEGER, updated_at TEXT NOT NULL, revision INTEGER NOT NULL,
    position INTEGER NOT NULL, published INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX rec_meeting ON recommendations (meeting_id);
  CREATE TABLE recommendation_texts (id TEXT PRIMARY KEY, text TEXT NOT NULL, search TEXT NOT NULL) WITHOUT ROWID;
  -- Running counts kept by the projector, so stats over 100k recommendations read a few thousand rows:
  -- one table per set of groupings it answers. month is the adoption month (YYYY-MM);
  -- lead_unit_id is '' while unassigned.
  CREATE TABLE rec_counts_month (
    body_id TEXT NOT NULL, month TEXT NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (body_id, month, status)
  ) WITHOUT ROWID;
  CREATE TABLE rec_counts_unit (
    body_id TEXT NOT NULL, lead_unit_id TEXT NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (body_id, lead_unit_id, status)
  ) WITHOUT ROWID;
  -- The median days to close of each group that unfiltered stats ask for (dim MONTH, BODY, UNIT,
  -- STATUS or NONE; key '' for none or unassigned), kept by the projector for the groups a batch
  -- changed: a dashboard reads them instead of walking half of every group's decided recommendations.
  CREATE TABLE rec_medians (dim TEXT NOT NULL, key TEXT NOT NULL, median REAL NOT NULL, PRIMARY KEY (dim, key)) WITHOUT ROWID;
  -- open_due is the due date while the recommendation is open (NULL once closed): a unit's overdue
  -- recommendations are one range of an index, not a walk over all of the unit's recommendations.
  CREATE TABLE recommendation_units (
    unit_id TEXT NOT NULL, rec INTEGER NOT NULL, lead INTEGER NOT NULL, open_due TEXT, PRIMARY KEY (unit_id, rec)
  ) WITHOUT ROWID;
  CREATE INDEX rec_units_rec ON recommendation_units (rec);
  -- One row per change, as it stood after it: answers asOf queries without replaying the log.
  CREATE TABLE recommendation_versions (
    rec INTEGER NOT NULL, position INTEGER NOT NULL, recorded_at TEXT NOT NULL, status TEXT NOT NULL,
    lead_unit_id TEXT, co_executor_unit_ids TEXT NOT NULL, due_date TEXT, percent INTEGER NOT NULL, extensions INTEGER NOT NULL,
    closed_at TEXT
  );
  ${EVIDENCE_TABLES}
`;

/**
 * Indexes only queries read. A replay from zero builds them once at the end (one sort each)
 * instead of updating them for every event; a live projector keeps them current.
 */
export const QUERY_INDEXES = `
  CREATE INDEX IF NOT EXISTS meetings_body ON meetings (body_id, starts_at);
  CREATE INDEX IF NOT EXISTS meetings_starts ON meetings (starts_at, id);
  CREATE INDEX IF NOT EXISTS rec_adopted ON recommendations (adopted_at, id);
  CREATE INDEX IF NOT EXISTS rec_due ON recommendations (due_date, id);
  -- Keyset pages in adoption order within a status or a body, without sorting all matches.
  CREATE INDEX IF NOT EXISTS rec_status_adopted ON recommendations (status, adopted_at, id);
  CREATE INDEX IF NOT EXISTS rec_body_adopted ON recommendations (body_id, adopted_at, id);
  -- Counts overdue ones by range scans over open statuses, reading the index only.
  CREATE INDEX IF NOT EXISTS rec_overdue ON recommendations (status, due_date, body_id, lead_unit_id, adopted_at);
  -- Medians of days-to-close per group are read by offset along these (only closes touch them).
  CREATE INDEX IF NOT EXISTS rec_days ON recommendations (days_to_close);
  CREATE INDEX IF NOT EXISTS rec_body_days ON recommendations (body_id, days_to_close);
  CREATE INDEX IF NOT EXISTS rec_lead_days ON recommendations (lead_unit_id, days_to_close);
  CREATE INDEX IF NOT EXISTS rec_status_days ON recommendations (status, days_to_close);
  CREATE INDEX IF NOT EXISTS rec_month_days ON recommendations (substr(adopted_at, 1, 7), days_to_close);
  CREATE INDEX IF NOT EXISTS rec_units_open_due ON recommendation_units (unit_id, open_due);
  -- Rows arrive in log order (cheap appends); this index finds a recommendation's version at a cut-off.
  CREATE INDEX IF NOT EXISTS rec_versions_rec ON recommendation_versions (rec, position);
  -- Log time to log position: both grow together, so an asOf time becomes a position cut-off.
  CREATE INDEX IF NOT EXISTS rec_versions_time ON recommendation_versions (recorded_at, position);
`;

export const PROJECTION_TABLE_NAMES = [
  'units',
  'bodies',
  'members',
  'meetings',
  'agenda_items',
  'recommendations',
  'recommendation_texts',
  'rec_counts_month',
  'rec_counts_unit',
  'rec_medians',
  'recommendation_units',
  'recommendation_versions',
  ...EVIDENCE_TABLE_NAMES,
];
