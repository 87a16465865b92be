import { AgendaItem, Member, MultilingualText, byRecommendationNumber, isClosed } from '@gov/domain';
import { RecommendationView } from '@gov/read-model';
import { LogPoint, resolveLogPoint } from './log-point';
import { ReportError } from './report-error';
import { ReportSources, allRecommendationsAt } from './sources';
import { MeetingAt, RecommendationAt, bodyAt, meetingAt, recommendationAt, unitNamesAt } from './state-at';

export interface Responsible {
  name: MultilingualText | null;
  unitId: string;
  lead: boolean;
}

export interface AdoptedRecommendation {
  view: RecommendationView;
  responsible: Responsible[];
}

export interface MinutesData {
  point: LogPoint;
  bodyName: MultilingualText | null;
  meeting: MeetingAt;
  present: Member[];
  absent: Member[];
  items: Array<{ item: AgendaItem; recommendations: AdoptedRecommendation[] }>;
}

export interface ReportBackGroup {
  meetingId: string;
  meetingNumber: string | null;
  meetingDate: string | null;
  units: Array<{ unitId: string | null; name: MultilingualText | null; recommendations: RecommendationAt[] }>;
}

export interface ReportBackSection {
  item: AgendaItem;
  frozen: LogPoint;
  groups: ReportBackGroup[];
  totals: Totals;
}

export interface ReportBackData {
  point: LogPoint;
  bodyName: MultilingualText | null;
  meeting: MeetingAt;
  sections: ReportBackSection[];
}

export interface UnitStatusData {
  point: LogPoint;
  unitId: string;
  unitName: MultilingualText | null;
  open: AdoptedRecommendation[];
  closed: AdoptedRecommendation[];
  totals: Totals;
}

export interface Totals {
  total: number;
  open: number;
  overdue: number;
  implemented: number;
  notImplemented: number;
  withdrawn: number;
  /** Implemented out of those decided (implemented or not), as in recommendationStats. */
  implementationRate: number | null;
}

export function totalsOf(items: Array<{ status: string; overdue: boolean }>): Totals {
  const count = (status: string) => items.filter((r) => r.status === status).length;
  const implemented = count('CLOSED_IMPLEMENTED');
  const notImplemented = count('CLOSED_NOT_IMPLEMENTED');
  return {
    total: items.length,
    open: items.filter((r) => !isClosed(r.status as never)).length,
    overdue: items.filter((r) => r.overdue).length,
    implemented,
    notImplemented,
    withdrawn: count('WITHDRAWN'),
    implementationRate: implemented + notImplemented ? implemented / (implemented + notImplemented) : null,
  };
}

/**
 * Anonymous readers see published meetings only, decided as GraphQL decides it (the read model's
 * current flag); unknown and hidden look the same. Whether it existed is the log's answer (meetingAtPoint).
 */
function requireVisibleMeeting(sources: ReportSources, meetingId: string, publishedOnly: boolean): void {
  if (publishedOnly && !sources.meetings.meeting(meetingId)?.published)
    throw new ReportError('NOT_FOUND', 404, `meeting ${meetingId} was not found`);
}

async function meetingAtPoint(sources: ReportSources, meetingId: string, point: LogPoint): Promise<MeetingAt> {
  const meeting = await meetingAt(sources.events, meetingId, point.position);
  if (!meeting) throw new ReportError('NOT_FOUND', 404, `meeting ${meetingId} did not exist at log position ${point.position}`);
  return meeting;
}

async function withResponsible(
  views: RecommendationView[],
  unitName: (id: string) => Promise<MultilingualText | null>,
): Promise<AdoptedRecommendation[]> {
  return Promise.all(
    views.map(async (view) => ({
      view,
      responsible: await Promise.all(
        [...(view.leadUnitId ? [view.leadUnitId] : []), ...view.coExecutorUnitIds].map(async (unitId) => ({
          unitId,
          name: await unitName(unitId),
          lead: unitId === view.leadUnitId,
        })),
      ),
    })),
  );
}

export async function minutesData(
  sources: ReportSources,
  meetingId: string,
  point: LogPoint,
  publishedOnly: boolean,
): Promise<MinutesData> {
  requireVisibleMeeting(sources, meetingId, publishedOnly);
  const meeting = await meetingAtPoint(sources, meetingId, point);
  const bodyId = meeting.state.bodyId!;
  // Who sat on the body when the meeting was held (or now, if it was not).
  const body = await bodyAt(sources.events, bodyId, meeting.held?.position ?? point.position);
  const members = Object.values(body.members);
  const presentIds = new Set(meeting.held?.membersPresent ?? []);
  const views = await allRecommendationsAt(sources, { meetingIds: [meetingId], publishedOnly }, point);
  const adopted = await withResponsible(views, unitNamesAt(sources.events, point.position));
  return {
    point,
    bodyName: (await bodyAt(sources.events, bodyId, point.position)).name,
    meeting,
    present: meeting.held
      ? meeting.held.membersPresent.map((id) => body.members[id] ?? { memberId: id, fullName: id, role: 'MEMBER', affiliation: null })
      : [],
    absent: meeting.held ? members.filter((m) => !presentIds.has(m.memberId)) : [],
    items: meeting.state.agenda.map((item) => ({
      item,
      recommendations: adopted.filter((r) => r.view.agendaItemId === item.itemId).sort((a, b) => byRecommendationNumber(a.view, b.view)),
    })),
  };
}

export async function reportBackData(
  sources: ReportSources,
  meetingId: string,
  point: LogPoint,
  publishedOnly: boolean,
): Promise<ReportBackData> {
  requireVisibleMeeting(sources, meetingId, publishedOnly);
  const meeting = await meetingAtPoint(sources, meetingId, point);
  const items = meeting.state.agenda.filter((i) => i.reportBack);
  if (items.length === 0)
    throw new ReportError('NO_REPORT_BACK_ITEM', 404, `meeting ${meetingId} had no report-back item at log position ${point.position}`);
  const sections: ReportBackSection[] = [];
  for (const item of items) {
    const { coversMeetingIds, asOfPosition } = item.reportBack!;
    // The frozen position was the head when the item was added, so it is always in the log.
    const frozen = await resolveLogPoint(sources.events, { position: asOfPosition });
    const unitName = unitNamesAt(sources.events, frozen.position);
    const views = await allRecommendationsAt(sources, { meetingIds: coversMeetingIds, publishedOnly }, frozen);
    const folded = (await Promise.all(views.map((v) => recommendationAt(sources.events, v.id, frozen)))).filter(
      (r): r is RecommendationAt => r !== null,
    );
    const groups: ReportBackGroup[] = [];
    for (const coveredId of coversMeetingIds) {
      const covered = await meetingAt(sources.events, coveredId, frozen.position);
      const ofMeeting = folded.filter((r) => r.state.meetingId === coveredId);
      const unitIds = [...new Set(ofMeeting.map((r) => r.state.leadUnitId))];
      const units = await Promise.all(
        unitIds.map(async (unitId) => ({
          unitId,
          name: unitId ? await unitName(unitId) : null,
          recommendations: ofMeeting.filter((r) => r.state.leadUnitId === unitId).sort((a, b) => byRecommendationNumber(a.state, b.state)),
        })),
      );
      units.sort((a, b) => (a.unitId === null ? 1 : b.unitId === null ? -1 : JSON.stringify(a.name).localeCompare(JSON.stringify(b.name))));
      groups.push({
        meetingId: coveredId,
        meetingNumber: covered?.state.number ?? null,
        meetingDate: covered?.state.startsAt ?? null,
        units,
      });
    }
    groups.sort((a, b) => String(a.meetingDate).localeCompare(String(b.meetingDate)));
    sections.push({ item, frozen, groups, totals: totalsOf(folded.map((r) => ({ status: r.state.status, overdue: r.overdue }))) });
  }
  return { point, bodyName: (await bodyAt(sources.events, meeting.state.bodyId!, point.position)).name, meeting, sections };
}

export async function unitStatusData(
  sources: ReportSources,
  unitId: string,
  point: LogPoint,
  publishedOnly: boolean,
): Promise<UnitStatusData> {
  const unitName = unitNamesAt(sources.events, point.position);
  const name = await unitName(unitId);
  if (!name) throw new ReportError('NOT_FOUND', 404, `unit ${unitId} was not registered at log position ${point.position}`);
  const views = await allRecommendationsAt(sources, { unitId, publishedOnly }, point);
  const all = await withResponsible(views, unitName);
  const open = all.filter((r) => !isClosed(r.view.status));
  // Open first, the most overdue at the top; then the closed ones, the latest closed first.
  open.sort(
    (a, b) =>
      b.view.daysOverdue - a.view.daysOverdue ||
      String(a.view.dueDate).localeCompare(String(b.view.dueDate)) ||
      byRecommendationNumber(a.view, b.view),
  );
  const closed = all
    .filter((r) => isClosed(r.view.status))
    .sort((a, b) => String(b.view.closedAt).localeCompare(String(a.view.closedAt)) || byRecommendationNumber(a.view, b.view));
  return { point, unitId, unitName: name, open, closed, totals: totalsOf(views) };
}
