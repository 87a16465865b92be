import { MeetingCommand, MeetingState, meetingDecider, streamIds } from '@gov/domain';
import { AggregateStore } from '../common/aggregate-store';
import { CommandContext } from '../common/actor';
import { requireSecretaryOf } from '../common/authorization';

/** A meeting is its body's secretary's to record. */
export function executeOnMeeting(
  aggregates: AggregateStore,
  meetingId: string,
  commandType: MeetingCommand['type'],
  ctx: CommandContext,
  toDomain: (state: MeetingState) => MeetingCommand | Promise<MeetingCommand>,
  bodyIdForNewMeeting?: string,
) {
  return aggregates.execute({
    decider: meetingDecider,
    streamId: streamIds.meeting(meetingId),
    commandType,
    ctx,
    authorize: (state) => requireSecretaryOf(ctx.actor, state.bodyId ?? bodyIdForNewMeeting ?? null),
    toDomain,
  });
}
