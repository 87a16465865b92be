import { MultilingualText, RecommendationEvent } from '@gov/domain';

/** A recommendation adopted by `bodyId` and assigned at `at`: the two events the notifier's tests and benchmark start from. */
export function adoptedAndAssigned(o: {
  recommendationId: string;
  bodyId: string;
  number: string;
  text: MultilingualText;
  at: string;
  leadUnitId: string;
  coExecutorUnitIds?: string[];
  dueDate: string;
}): RecommendationEvent[] {
  const c = { recommendationId: o.recommendationId };
  // The meeting and agenda item are not the notifier's concern: the body's id stands in for them.
  const meeting = { meetingId: o.bodyId, agendaItemId: o.bodyId };
  return [
    {
      type: 'RecommendationAdopted',
      data: { ...c, bodyId: o.bodyId, ...meeting, number: o.number, text: o.text, origin: 'BODY', priority: 'NORMAL', adoptedAt: o.at },
    },
    {
      type: 'ResponsibilityAssigned',
      data: {
        ...c,
        at: o.at,
        leadUnitId: o.leadUnitId,
        coExecutorUnitIds: o.coExecutorUnitIds ?? [],
        dueDate: o.dueDate,
        originalDueDate: o.dueDate,
      },
    },
  ];
}
