import Database from 'better-sqlite3';
import { MultilingualText } from '@gov/domain';

export interface UnitView {
  id: string;
  name: MultilingualText;
  kind: string;
  parentUnitId: string | null;
  status: string;
  registeredAt: string;
  revision: string;
}
export interface MemberView {
  memberId: string;
  fullName: string;
  role: string;
  affiliation: string | null;
  appointedAt: string;
  leftAt: string | null;
}
export interface BodyView {
  id: string;
  name: MultilingualText;
  kind: string;
  hostUnitId: string;
  region: string;
  status: string;
  establishedAt: string;
  revision: string;
}
/** Units, bodies and their members: small tables, simple reads. */
export class OrganisationQueries {
  constructor(private readonly db: Database.Database) {}

  units(ids?: readonly string[]): UnitView[] {
    const rows = (
      ids
        ? this.db.prepare(`SELECT * FROM units WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids))
        : this.db.prepare('SELECT * FROM units ORDER BY registered_at, id').all()
    ) as Array<Record<string, string | number | null>>;
    return rows.map((r) => ({
      id: r.id as string,
      name: JSON.parse(r.name as string) as MultilingualText,
      kind: r.kind as string,
      parentUnitId: r.parent_unit_id as string | null,
      status: r.status as string,
      registeredAt: r.registered_at as string,
      revision: String(r.revision),
    }));
  }

  bodies(ids?: readonly string[]): BodyView[] {
    const rows = (
      ids
        ? this.db.prepare(`SELECT * FROM bodies WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids))
        : this.db.prepare('SELECT * FROM bodies ORDER BY established_at, id').all()
    ) as Array<Record<string, string | number>>;
    return rows.map((r) => ({
      id: r.id as string,
      name: JSON.parse(r.name as string) as MultilingualText,
      kind: r.kind as string,
      hostUnitId: r.host_unit_id as string,
      region: r.region as string,
      status: r.status as string,
      establishedAt: r.established_at as string,
      revision: String(r.revision),
    }));
  }

  members(bodyId: string, includeFormer = false): MemberView[] {
    const rows = this.db
      .prepare(`SELECT * FROM members WHERE body_id = ? ${includeFormer ? '' : 'AND left_at IS NULL'} ORDER BY appointed_at, member_id`)
      .all(bodyId) as Array<Record<string, string | null>>;
    return rows.map((r) => ({
      memberId: r.member_id!,
      fullName: r.full_name!,
      role: r.role!,
      affiliation: r.affiliation ?? null,
      appointedAt: r.appointed_at!,
      leftAt: r.left_at ?? null,
    }));
  }
}
