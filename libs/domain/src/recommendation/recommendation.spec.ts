import { fold } from '../common/decider';
import { MeetingFact } from '../meeting/meeting';
import { deciderSpec, uuid } from '../testing/decider-spec';
import { RecommendationCommand, RecommendationEvent, recommendationDecider, timeliness } from './recommendation';

const spec = deciderSpec(recommendationDecider);
const at = '2026-02-05T12:00:00.000Z';
const recommendationId = uuid(30);
const bodyId = uuid(31);
const meetingId = uuid(32);
const agendaItemId = uuid(33);
const lead = uuid(34);
const co = uuid(35);
const other = uuid(36);
const secretary = 'secretary-sub';
const officer = 'officer-sub';
const hash = 'a'.repeat(64);
const meeting: MeetingFact = { id: meetingId, bodyId, status: 'HELD', startsAt: at, agendaItemIds: [agendaItemId] };
const text = { ru: 'Улучшить оперативную работу районных подразделений', kk: 'Аудандық бөліністердің жедел жұмысын жақсарту' };

const adopted: RecommendationEvent = {
  type: 'RecommendationAdopted',
  data: { recommendationId, bodyId, meetingId, agendaItemId, number: '1', text, origin: 'BODY', priority: 'HIGH', adoptedAt: at },
};
const assigned: RecommendationEvent = {
  type: 'ResponsibilityAssigned',
  data: { recommendationId, leadUnitId: lead, coExecutorUnitIds: [co], dueDate: '2026-06-30', originalDueDate: '2026-06-30', at },
};
const accepted: RecommendationEvent = { type: 'RecommendationAccepted', data: { recommendationId, unitId: lead, note: null, at } };
const disputed: RecommendationEvent = {
  type: 'RecommendationDisputed',
  data: { recommendationId, unitId: lead, justification: 'not our competence', at },
};
const progress: RecommendationEvent = {
  type: 'ProgressReported',
  data: { recommendationId, unitId: lead, percent: 40, note: 'training held', evidence: [], at },
};
const requested: RecommendationEvent = {
  type: 'DeadlineExtensionRequested',
  data: { recommendationId, unitId: lead, requestedDueDate: '2026-09-30', reason: 'budget', at },
};
const reported: RecommendationEvent = {
  type: 'ImplementationReported',
  data: { recommendationId, unitId: lead, reportedBy: officer, summary: 'done', evidence: [], at },
};
const verified: RecommendationEvent = { type: 'ImplementationVerified', data: { recommendationId, verifiedBy: secretary, note: null, at } };
const withdrawn: RecommendationEvent = { type: 'RecommendationWithdrawn', data: { recommendationId, reason: 'superseded', at } };

const adopt = (over: Record<string, unknown> = {}): RecommendationCommand => ({
  type: 'AdoptRecommendation',
  data: { recommendationId, bodyId, meeting, agendaItemId, number: '1', text, origin: 'BODY', priority: 'HIGH', at, ...over },
});
const units = [lead, co, other].map((id) => ({ id, status: 'ACTIVE' as const }));
const assign = (over: Record<string, unknown> = {}): RecommendationCommand => ({
  type: 'AssignResponsibility',
  data: { leadUnitId: lead, coExecutorUnitIds: [co], units, dueDate: '2026-06-30', at, ...over },
});

describe('recommendation', () => {
  describe('adoption', () => {
    it('is adopted at a held meeting on one of its agenda items', () => spec().when(adopt()).then([adopted]));
    it('cannot be adopted at a meeting that was not held', () =>
      spec()
        .when(adopt({ meeting: { ...meeting, status: 'SCHEDULED' } }))
        .thenFails('MEETING_NOT_HELD'));
    it('cannot be adopted at a meeting that does not exist', () =>
      spec()
        .when(adopt({ meeting: null }))
        .thenFails('NOT_FOUND'));
    it('cannot be adopted on an item that is not on the agenda', () =>
      spec()
        .when(adopt({ agendaItemId: uuid(99) }))
        .thenFails('AGENDA_ITEM_NOT_FOUND'));
    it('cannot be adopted at a meeting of another body', () =>
      spec()
        .when(adopt({ bodyId: uuid(98) }))
        .thenFails('WRONG_BODY'));
    it('needs text and known origin and priority', () => {
      spec()
        .when(adopt({ text: {} }))
        .thenFails('VALIDATION_FAILED');
      spec()
        .when(adopt({ origin: 'RUMOUR' }))
        .thenFails('VALIDATION_FAILED');
      spec()
        .when(adopt({ priority: 'LOW' }))
        .thenFails('VALIDATION_FAILED');
    });
    it('is adopted once', () => spec([adopted]).when(adopt()).thenFails('ALREADY_EXISTS'));
  });

  describe('assignment', () => {
    it('assigns a lead, co-executors and a due date', () => spec([adopted]).when(assign()).then([assigned]));
    it('goes only to registered, active units', () => {
      spec([adopted])
        .when(assign({ units: [{ id: lead, status: 'ACTIVE' }] }))
        .thenFails('UNIT_NOT_FOUND');
      spec([adopted])
        .when(
          assign({
            units: [
              { id: lead, status: 'ACTIVE' },
              { id: co, status: 'INACTIVE' },
            ],
          }),
        )
        .thenFails('UNIT_INACTIVE');
    });
    it('does not make the lead its own co-executor', () =>
      spec([adopted])
        .when(assign({ coExecutorUnitIds: [lead] }))
        .thenFails('VALIDATION_FAILED'));
    it('rejects a due date before adoption or not a calendar date', () => {
      spec([adopted])
        .when(assign({ dueDate: '2026-01-01' }))
        .thenFails('DUE_DATE_INVALID');
      spec([adopted])
        .when(assign({ dueDate: '2026-02-30' }))
        .thenFails('VALIDATION_FAILED');
    });
    it('reassigns a disputed one and keeps the original due date', () =>
      spec([adopted, assigned, disputed])
        .when(assign({ leadUnitId: other, coExecutorUnitIds: [], dueDate: '2026-08-01' }))
        .then([
          {
            type: 'ResponsibilityAssigned',
            data: { recommendationId, leadUnitId: other, coExecutorUnitIds: [], dueDate: '2026-08-01', originalDueDate: '2026-06-30', at },
          },
        ]));
    it('cannot be reassigned once accepted', () => spec([adopted, assigned, accepted]).when(assign()).thenFails('INVALID_TRANSITION'));
    it('cannot be assigned before adoption', () => spec().when(assign()).thenFails('NOT_FOUND'));
  });

  describe('the responsible unit', () => {
    it('accepts', () =>
      spec([adopted, assigned])
        .when({ type: 'AcceptRecommendation', data: { unitId: lead, at } })
        .then([accepted]));
    it('a co-executor may accept too', () =>
      spec([adopted, assigned])
        .when({ type: 'AcceptRecommendation', data: { unitId: co, at } })
        .thenMatches([{ type: 'RecommendationAccepted' }]));
    it('a unit that is not responsible cannot accept', () =>
      spec([adopted, assigned])
        .when({ type: 'AcceptRecommendation', data: { unitId: other, at } })
        .thenFails('NOT_RESPONSIBLE_UNIT'));
    it('cannot accept twice', () =>
      spec([adopted, assigned, accepted])
        .when({ type: 'AcceptRecommendation', data: { unitId: lead, at } })
        .thenFails('INVALID_TRANSITION'));
    it('disputes with a justification', () => {
      spec([adopted, assigned])
        .when({ type: 'DisputeRecommendation', data: { unitId: lead, justification: 'not our competence', at } })
        .then([disputed]);
      spec([adopted, assigned])
        .when({ type: 'DisputeRecommendation', data: { unitId: lead, justification: ' ', at } })
        .thenFails('VALIDATION_FAILED');
      spec([adopted, assigned, accepted])
        .when({ type: 'DisputeRecommendation', data: { unitId: lead, justification: 'x', at } })
        .thenFails('INVALID_TRANSITION');
      spec([adopted, assigned])
        .when({ type: 'DisputeRecommendation', data: { unitId: other, justification: 'x', at } })
        .thenFails('NOT_RESPONSIBLE_UNIT');
    });
    it('reports progress with evidence', () => {
      const evidence = [{ name: 'приказ.pdf', sha256: hash.toUpperCase(), uri: null }];
      spec([adopted, assigned, accepted])
        .when({ type: 'ReportProgress', data: { unitId: lead, percent: 40, note: 'training held', evidence, at } })
        .then([
          {
            type: 'ProgressReported',
            data: {
              recommendationId,
              unitId: lead,
              percent: 40,
              note: 'training held',
              evidence: [{ name: 'приказ.pdf', sha256: hash, uri: null }],
              at,
            },
          },
        ]);
    });
    it('rejects progress out of range, bad hashes, or before acceptance', () => {
      const report = (over: Record<string, unknown>) => ({
        type: 'ReportProgress' as const,
        data: { unitId: lead, percent: 10, note: 'n', at, ...over },
      });
      spec([adopted, assigned, accepted])
        .when(report({ percent: 101 }))
        .thenFails('VALIDATION_FAILED');
      spec([adopted, assigned, accepted])
        .when(report({ percent: 2.5 }))
        .thenFails('VALIDATION_FAILED');
      spec([adopted, assigned, accepted])
        .when(report({ evidence: [{ name: 'a', sha256: 'abc', uri: null }] }))
        .thenFails('VALIDATION_FAILED');
      spec([adopted, assigned]).when(report({})).thenFails('INVALID_TRANSITION');
      spec([adopted, assigned, accepted])
        .when(report({ unitId: other }))
        .thenFails('NOT_RESPONSIBLE_UNIT');
    });
  });

  describe('deadline extensions', () => {
    it('are requested for a later date, one at a time', () => {
      spec([adopted, assigned, accepted])
        .when({ type: 'RequestDeadlineExtension', data: { unitId: lead, requestedDueDate: '2026-09-30', reason: 'budget', at } })
        .then([requested]);
      spec([adopted, assigned, accepted])
        .when({ type: 'RequestDeadlineExtension', data: { unitId: lead, requestedDueDate: '2026-06-01', reason: 'b', at } })
        .thenFails('DUE_DATE_INVALID');
      spec([adopted, assigned, accepted, requested])
        .when({ type: 'RequestDeadlineExtension', data: { unitId: lead, requestedDueDate: '2026-10-30', reason: 'b', at } })
        .thenFails('EXTENSION_PENDING');
      spec([adopted, assigned, accepted])
        .when({ type: 'RequestDeadlineExtension', data: { unitId: other, requestedDueDate: '2026-10-30', reason: 'b', at } })
        .thenFails('NOT_RESPONSIBLE_UNIT');
    });
    it('granted, move the due date and keep the original', () => {
      const extended: RecommendationEvent = {
        type: 'DeadlineExtended',
        data: { recommendationId, dueDate: '2026-09-30', previousDueDate: '2026-06-30', reason: null, at },
      };
      spec([adopted, assigned, accepted, requested])
        .when({ type: 'DecideDeadlineExtension', data: { approve: true, at } })
        .then([extended]);
      const state = fold(recommendationDecider, [adopted, assigned, accepted, requested, extended]);
      expect(state).toMatchObject({ dueDate: '2026-09-30', originalDueDate: '2026-06-30', extensions: 1, pendingExtension: null });
    });
    it('refused, need a reason', () => {
      spec([adopted, assigned, accepted, requested])
        .when({ type: 'DecideDeadlineExtension', data: { approve: false, reason: 'no grounds', at } })
        .then([{ type: 'DeadlineExtensionRefused', data: { recommendationId, requestedDueDate: '2026-09-30', reason: 'no grounds', at } }]);
      spec([adopted, assigned, accepted, requested])
        .when({ type: 'DecideDeadlineExtension', data: { approve: false, at } })
        .thenFails('VALIDATION_FAILED');
    });
    it('cannot be decided when none is pending', () =>
      spec([adopted, assigned, accepted])
        .when({ type: 'DecideDeadlineExtension', data: { approve: true, at } })
        .thenFails('NO_PENDING_EXTENSION'));
  });

  describe('implementation', () => {
    const report: RecommendationCommand = { type: 'ReportImplementation', data: { unitId: lead, by: officer, summary: 'done', at } };
    it('is reported by the responsible unit after acceptance', () => {
      spec([adopted, assigned, accepted, progress]).when(report).then([reported]);
      spec([adopted, assigned]).when(report).thenFails('INVALID_TRANSITION');
      spec([adopted, assigned, accepted])
        .when({ ...report, data: { ...report.data, unitId: other } })
        .thenFails('NOT_RESPONSIBLE_UNIT');
    });
    it('is verified, which closes the recommendation', () =>
      spec([adopted, assigned, accepted, reported])
        .when({ type: 'VerifyImplementation', data: { by: secretary, at } })
        .then([verified]));
    it('a unit cannot verify its own implementation', () =>
      spec([adopted, assigned, accepted, reported])
        .when({ type: 'VerifyImplementation', data: { by: officer, at } })
        .thenFails('SELF_VERIFICATION'));
    it('cannot be verified before it is reported', () =>
      spec([adopted, assigned, accepted])
        .when({ type: 'VerifyImplementation', data: { by: secretary, at } })
        .thenFails('INVALID_TRANSITION'));
    it('is returned with a reason, back to in progress', () => {
      const returned: RecommendationEvent = {
        type: 'ImplementationReturned',
        data: { recommendationId, returnedBy: secretary, reason: 'no evidence', at },
      };
      spec([adopted, assigned, accepted, reported])
        .when({ type: 'ReturnImplementation', data: { by: secretary, reason: 'no evidence', at } })
        .then([returned]);
      const state = fold(recommendationDecider, [adopted, assigned, accepted, reported, returned]);
      expect(state.status).toBe('IN_PROGRESS');
      spec([adopted, assigned, accepted, reported])
        .when({ type: 'ReturnImplementation', data: { by: officer, reason: 'x', at } })
        .thenFails('SELF_VERIFICATION');
      spec([adopted, assigned, accepted])
        .when({ type: 'ReturnImplementation', data: { by: secretary, reason: 'x', at } })
        .thenFails('INVALID_TRANSITION');
    });
  });

  describe('closing, withdrawing and reopening', () => {
    it('closes a disputed one as not implemented', () =>
      spec([adopted, assigned, disputed])
        .when({ type: 'CloseRecommendationNotImplemented', data: { reason: 'unit refused', at } })
        .then([{ type: 'RecommendationClosedNotImplemented', data: { recommendationId, reason: 'unit refused', at } }]));
    it('cannot close an unassigned or closed one as not implemented', () => {
      spec([adopted])
        .when({ type: 'CloseRecommendationNotImplemented', data: { reason: 'x', at } })
        .thenFails('INVALID_TRANSITION');
      spec([adopted, assigned, accepted, reported, verified])
        .when({ type: 'CloseRecommendationNotImplemented', data: { reason: 'x', at } })
        .thenFails('INVALID_TRANSITION');
    });
    it('withdraws an open one, not a closed one', () => {
      spec([adopted])
        .when({ type: 'WithdrawRecommendation', data: { reason: 'superseded', at } })
        .then([withdrawn]);
      spec([adopted, withdrawn])
        .when({ type: 'WithdrawRecommendation', data: { reason: 'x', at } })
        .thenFails('INVALID_TRANSITION');
    });
    it('reopens a closed one back to assigned, or to adopted if it never was', () => {
      spec([adopted, assigned, accepted, reported, verified])
        .when({ type: 'ReopenRecommendation', data: { reason: 'signs removed again', at } })
        .then([{ type: 'RecommendationReopened', data: { recommendationId, reason: 'signs removed again', status: 'ASSIGNED', at } }]);
      spec([adopted, withdrawn])
        .when({ type: 'ReopenRecommendation', data: { reason: 'r', at } })
        .thenMatches([{ data: { status: 'ADOPTED' } } as never]);
      spec([adopted, assigned])
        .when({ type: 'ReopenRecommendation', data: { reason: 'r', at } })
        .thenFails('INVALID_TRANSITION');
    });
  });

  describe('comments', () => {
    it('anyone entitled comments; a unit only on its own recommendations', () => {
      const commentId = uuid(40);
      spec([adopted, assigned])
        .when({ type: 'AddComment', data: { commentId, by: officer, unitId: co, text: 'Қолдаймыз 👍', at } })
        .then([{ type: 'CommentAdded', data: { recommendationId, commentId, authorSub: officer, unitId: co, text: 'Қолдаймыз 👍', at } }]);
      spec([adopted, assigned])
        .when({ type: 'AddComment', data: { commentId, by: officer, unitId: other, text: 'x', at } })
        .thenFails('NOT_RESPONSIBLE_UNIT');
      spec()
        .when({ type: 'AddComment', data: { commentId, by: officer, text: 'x', at } })
        .thenFails('NOT_FOUND');
    });
  });

  describe('timeliness, derived at the time of asking', () => {
    const state = fold(recommendationDecider, [adopted, assigned]);
    it('is not overdue on its due date', () =>
      expect(timeliness(state, Date.parse('2026-06-30T23:59:59Z'))).toMatchObject({ overdue: false, daysOverdue: 0 }));
    it('is overdue the day after', () =>
      expect(timeliness(state, Date.parse('2026-07-01T00:00:00Z'))).toMatchObject({ overdue: true, daysOverdue: 1 }));
    it('a closed one is never overdue and stops counting days open', () => {
      const closed = fold(recommendationDecider, [
        adopted,
        assigned,
        accepted,
        reported,
        { ...verified, data: { ...verified.data, at: '2026-08-05T12:00:00.000Z' } },
      ]);
      expect(timeliness(closed, Date.parse('2027-01-01T00:00:00Z'))).toEqual({ overdue: false, daysOpen: 181, daysOverdue: 0 });
    });
  });
});
