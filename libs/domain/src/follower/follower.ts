import { Decider, DomainCommand, DomainEvent } from '../common/decider';
import { Language, requireLanguage } from '../common/contacts';
import { DomainErrorCode, fail, invalidTransition } from '../common/domain-error';
import { requireId } from '../common/ids';

/*
 * Someone following a published recommendation or a body by email (docs/architecture.md, "Open to the public"), one
 * stream `follower-<id>` per request. The address is personal data and never in these events: it
 * is kept beside the log (the follower address store), keyed by the follower id, and erasing the
 * follower deletes it there; the log keeps only that a follower with this id existed.
 */

export const FOLLOW_SUBJECT_KINDS = ['recommendation', 'body'] as const;
export type FollowSubjectKind = (typeof FOLLOW_SUBJECT_KINDS)[number];

export type FollowerStatus = 'NONE' | 'REQUESTED' | 'CONFIRMED' | 'ENDED' | 'ERASED';
export type ErasedBy = 'FOLLOWER' | 'ADMIN';

export type FollowerEvent =
  | DomainEvent<
      'FollowRequested',
      { followerId: string; subjectKind: FollowSubjectKind; subjectId: string; language: Language; requestedAt: string }
    >
  | DomainEvent<'FollowConfirmed', { followerId: string; confirmedAt: string }>
  | DomainEvent<'FollowEnded', { followerId: string; endedAt: string }>
  | DomainEvent<'FollowerErased', { followerId: string; erasedAt: string; by: ErasedBy }>;

export type FollowerCommand =
  | DomainCommand<
      'RequestFollow',
      {
        followerId: string;
        subjectKind: FollowSubjectKind;
        subjectId: string;
        language: string;
        /** Whether the subject may be followed now: a published recommendation, an established body. */
        followable: boolean;
        at: string;
      }
    >
  | DomainCommand<'ConfirmFollow', { at: string }>
  | DomainCommand<'Unfollow', { at: string }>
  | DomainCommand<'EraseFollower', { at: string; by: ErasedBy }>;

export interface FollowerState {
  status: FollowerStatus;
  followerId: string | null;
  subjectKind: FollowSubjectKind | null;
  subjectId: string | null;
  language: Language | null;
}

export const FOLLOWER_EVENT_TYPES = ['FollowRequested', 'FollowConfirmed', 'FollowEnded', 'FollowerErased'] as const;

const requireExists = (state: FollowerState) => {
  if (state.status === 'NONE') fail(DomainErrorCode.NOT_FOUND, 'no such follower');
};

export const followerDecider: Decider<FollowerState, FollowerCommand, FollowerEvent> = {
  initialState: () => ({ status: 'NONE', followerId: null, subjectKind: null, subjectId: null, language: null }),

  decide(command, state) {
    switch (command.type) {
      case 'RequestFollow': {
        const d = command.data;
        if (state.status !== 'NONE') fail(DomainErrorCode.ALREADY_EXISTS, `follower ${d.followerId} exists`);
        if (!(FOLLOW_SUBJECT_KINDS as readonly string[]).includes(d.subjectKind))
          fail(DomainErrorCode.VALIDATION_FAILED, 'only a recommendation or a body can be followed', { field: 'subjectKind' });
        const subjectId = requireId(`${d.subjectKind}Id`, d.subjectId);
        if (!d.followable) fail(DomainErrorCode.NOT_FOUND, `no published ${d.subjectKind} ${subjectId}`);
        return [
          {
            type: 'FollowRequested',
            data: {
              followerId: requireId('followerId', d.followerId),
              subjectKind: d.subjectKind,
              subjectId,
              language: requireLanguage(d.language),
              requestedAt: d.at,
            },
          },
        ];
      }
      case 'ConfirmFollow':
        requireExists(state);
        // A confirmation link opened twice confirms once.
        if (state.status === 'CONFIRMED') return [];
        if (state.status !== 'REQUESTED') invalidTransition('follower', command.type, state.status);
        return [{ type: 'FollowConfirmed', data: { followerId: state.followerId!, confirmedAt: command.data.at } }];
      case 'Unfollow':
        requireExists(state);
        if (state.status === 'ENDED' || state.status === 'ERASED') return [];
        return [{ type: 'FollowEnded', data: { followerId: state.followerId!, endedAt: command.data.at } }];
      case 'EraseFollower':
        requireExists(state);
        if (state.status === 'ERASED') return [];
        return [{ type: 'FollowerErased', data: { followerId: state.followerId!, erasedAt: command.data.at, by: command.data.by } }];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'FollowRequested':
        return {
          status: 'REQUESTED',
          followerId: event.data.followerId,
          subjectKind: event.data.subjectKind,
          subjectId: event.data.subjectId,
          language: event.data.language,
        };
      case 'FollowConfirmed':
        return { ...state, status: 'CONFIRMED' };
      case 'FollowEnded':
        return { ...state, status: 'ENDED' };
      case 'FollowerErased':
        return { ...state, status: 'ERASED' };
    }
  },
};

export const followerStream = (followerId: string) => `follower-${followerId}`;
