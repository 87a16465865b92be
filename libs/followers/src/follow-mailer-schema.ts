import { FollowSubjectKind, Language } from '@gov/domain';

export const FOLLOW_MAILER_FILE = 'follow-mailer.sqlite';
export const FOLLOW_MAILER_APPLICATION_ID = 0x464f4d4c; // "FOML"

/**
 * The follow mailer's own file: its checkpoint, the followers and the public state it tells them of,
 * and what it has still to send and has sent (from the log).
 */
export const FOLLOW_MAILER_MIGRATIONS = [
  {
    version: 1,
    up: `
      CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL);
      INSERT INTO checkpoint (id, position) VALUES (1, 0);
      CREATE TABLE followers (follower_id TEXT PRIMARY KEY, subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL,
        language TEXT NOT NULL, status TEXT NOT NULL);
      CREATE INDEX followers_subject ON followers (subject_id, status);
      -- The public state of each recommendation (JSON of RecommendationState), and whether it is published.
      CREATE TABLE recommendations (id TEXT PRIMARY KEY, meeting_id TEXT NOT NULL, published INTEGER NOT NULL, state TEXT NOT NULL);
      CREATE INDEX recommendations_meeting ON recommendations (meeting_id);
      CREATE TABLE published_meetings (id TEXT PRIMARY KEY);
      CREATE TABLE bodies (id TEXT PRIMARY KEY, name TEXT NOT NULL);
      -- Messages to send, not yet recorded as sent.
      CREATE TABLE pending (id TEXT PRIMARY KEY, follower_id TEXT NOT NULL, kind TEXT NOT NULL, change TEXT,
        due_at TEXT NOT NULL, next_attempt_at TEXT NOT NULL);
      CREATE INDEX pending_next ON pending (next_attempt_at);
      CREATE INDEX pending_follower ON pending (follower_id);
      -- Every follower's NotificationSent in the log: the day's count, and what waits for a digest.
      CREATE TABLE sent (id TEXT PRIMARY KEY, follower_id TEXT NOT NULL, sent_at TEXT NOT NULL, via_digest INTEGER NOT NULL,
        change TEXT, digest_id TEXT);
      CREATE INDEX sent_follower ON sent (follower_id, sent_at);
    `,
  },
];

export interface PendingRow {
  id: string;
  follower_id: string;
  kind: 'CONFIRM' | 'CHANGE';
  change: string | null;
  due_at: string;
}

export interface FollowerRow {
  subject_kind: FollowSubjectKind;
  subject_id: string;
  language: Language;
  status: string;
}
