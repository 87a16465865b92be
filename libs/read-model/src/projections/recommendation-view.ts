import { MultilingualText, Origin, Priority, RecommendationState, RecommendationStatus, timeliness } from '@gov/domain';
import { RecommendationRow } from './recommendation-rows.projection';
import { TimelineCutoff } from './timeline.queries';

export interface RecommendationView {
  id: string;
  bodyId: string;
  meetingId: string;
  agendaItemId: string;
  number: string;
  text: MultilingualText;
  origin: Origin;
  priority: Priority;
  status: RecommendationStatus;
  leadUnitId: string | null;
  coExecutorUnitIds: string[];
  dueDate: string | null;
  originalDueDate: string | null;
  extensions: number;
  pendingExtension: { unitId: string; requestedDueDate: string; reason: string; requestedAt: string } | null;
  percent: number;
  adoptedAt: string;
  closedAt: string | null;
  updatedAt: string;
  revision: string | null;
  published: boolean;
  overdue: boolean;
  daysOpen: number;
  daysOverdue: number;
  /** In asOf answers: where things were cut off, so the recommendation's timeline is cut there too. */
  asOf?: TimelineCutoff;
}

/** The columns of a `recommendations` row that hold the domain's state, as the domain names them (JSON columns parsed). */
export function stateOfRow(r: RecommendationRow) {
  return {
    id: r.id,
    bodyId: r.body_id,
    meetingId: r.meeting_id,
    agendaItemId: r.agenda_item_id,
    number: r.number,
    origin: r.origin,
    priority: r.priority,
    status: r.status,
    leadUnitId: r.lead_unit_id,
    coExecutorUnitIds: JSON.parse(r.co_executor_unit_ids) as string[],
    dueDate: r.due_date,
    originalDueDate: r.original_due_date,
    extensions: r.extensions,
    pendingExtension: r.pending_extension ? (JSON.parse(r.pending_extension) as RecommendationState['pendingExtension']) : null,
    percent: r.percent,
    adoptedAt: r.adopted_at,
    closedAt: r.closed_at,
  };
}

/** A row (current, or as of a log position) with its text, as a reader sees it at `nowMs`. */
export function toView(r: RecommendationRow, text: string, nowMs: number): RecommendationView {
  const view = {
    ...stateOfRow(r),
    text: JSON.parse(text) as MultilingualText,
    updatedAt: r.updated_at,
    revision: r.revision === null ? null : String(r.revision),
    published: r.published === 1,
  };
  return { ...view, ...timeliness(view, nowMs) };
}
