import Database from 'better-sqlite3';
import { BodyEvent, UnitEvent } from '@gov/domain';
import { eventProjection, json } from '../projection';

/** Units, bodies and their members. */
export const organisationProjection = eventProjection<UnitEvent | BodyEvent, ReturnType<typeof prepare>>({
  name: 'organisation',
  tables: {
    units: `CREATE TABLE units (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, parent_unit_id TEXT, status TEXT NOT NULL,
      registered_at TEXT NOT NULL, revision INTEGER NOT NULL
    );`,
    bodies: `CREATE TABLE bodies (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, host_unit_id TEXT NOT NULL, region TEXT NOT NULL,
      status TEXT NOT NULL, established_at TEXT NOT NULL, revision INTEGER NOT NULL
    );`,
    members: `CREATE TABLE members (
      body_id TEXT NOT NULL, member_id TEXT NOT NULL, full_name TEXT NOT NULL, role TEXT NOT NULL, affiliation TEXT,
      appointed_at TEXT NOT NULL, left_at TEXT, PRIMARY KEY (body_id, member_id)
    );`,
  },
  prepare,
  on: {
    UnitRegistered: ({ event: { data: d }, revision }, s) =>
      s.unitInsert.run(d.unitId, json(d.name), d.kind, d.parentUnitId, 'ACTIVE', d.registeredAt, revision),
    UnitRenamed: ({ event: { data: d }, revision }, s) => s.unitName.run(json(d.name), revision, d.unitId),
    UnitDeactivated: ({ event: { data: d }, revision }, s) => s.unitStatus.run('INACTIVE', revision, d.unitId),
    // Notification addresses are the notifier's to keep; here only the revision moves, so a client's
    // expectedRevision stays current.
    UnitContactsSet: ({ event: { data: d }, revision }, s) => s.unitRevision.run(revision, d.unitId),
    BodyEstablished: ({ event: { data: d }, revision }, s) =>
      s.bodyInsert.run(d.bodyId, json(d.name), d.kind, d.hostUnitId, d.region, 'ACTIVE', d.establishedAt, revision),
    MemberAppointed: ({ event: { data: d }, revision }, s) => {
      s.memberInsert.run(d.bodyId, d.memberId, d.fullName, d.role, d.affiliation, d.appointedAt);
      s.bodyRevision.run(revision, d.bodyId);
    },
    MemberRoleChanged: ({ event: { data: d }, revision }, s) => {
      s.memberRole.run(d.role, d.bodyId, d.memberId);
      s.bodyRevision.run(revision, d.bodyId);
    },
    MemberLeft: ({ event: { data: d }, revision }, s) => {
      s.memberLeft.run(d.leftAt, d.bodyId, d.memberId);
      s.bodyRevision.run(revision, d.bodyId);
    },
    BodyDissolved: ({ event: { data: d }, revision }, s) => s.bodyStatus.run('DISSOLVED', revision, d.bodyId),
    BodyContactsSet: ({ event: { data: d }, revision }, s) => s.bodyRevision.run(revision, d.bodyId),
  },
});

function prepare(db: Database.Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    unitInsert: p(
      'INSERT OR REPLACE INTO units (id, name, kind, parent_unit_id, status, registered_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    unitName: p('UPDATE units SET name = ?, revision = ? WHERE id = ?'),
    unitStatus: p('UPDATE units SET status = ?, revision = ? WHERE id = ?'),
    unitRevision: p('UPDATE units SET revision = ? WHERE id = ?'),
    bodyInsert: p(
      'INSERT OR REPLACE INTO bodies (id, name, kind, host_unit_id, region, status, established_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    bodyStatus: p('UPDATE bodies SET status = ?, revision = ? WHERE id = ?'),
    bodyRevision: p('UPDATE bodies SET revision = ? WHERE id = ?'),
    memberInsert: p(
      'INSERT OR REPLACE INTO members (body_id, member_id, full_name, role, affiliation, appointed_at, left_at) VALUES (?, ?, ?, ?, ?, ?, NULL)',
    ),
    memberRole: p('UPDATE members SET role = ? WHERE body_id = ? AND member_id = ?'),
    memberLeft: p('UPDATE members SET left_at = ? WHERE body_id = ? AND member_id = ?'),
  };
}
