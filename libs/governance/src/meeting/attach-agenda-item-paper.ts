import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { IsUUID, ValidateNested } from 'class-validator';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { EVIDENCE_FILES, EvidenceFiles, evidenceScope, EvidencePayload, evidenceOf, requireUploadedEvidence } from '../common/evidence';
import { CommandPayload } from '../common/payloads';

export class AttachAgendaItemPaperPayload extends CommandPayload {
  @IsUUID() meetingId: string;
  @IsUUID() agendaItemId: string;
  /** An uploaded file (POST /files) by its SHA-256, or one that lives elsewhere, by its URI. */
  @ValidateNested() @Type(() => EvidencePayload) file: EvidencePayload;
}

export class AttachAgendaItemPaperCommand extends GovernanceCommand<AttachAgendaItemPaperPayload> {
  static readonly Payload = AttachAgendaItemPaperPayload;
}

/** A meeting paper (the draft discussed, a report) goes into the evidence store like any cited file. */
@CommandHandler(AttachAgendaItemPaperCommand)
export class AttachAgendaItemPaperHandler implements ICommandHandler<AttachAgendaItemPaperCommand, CommandResult> {
  constructor(
    private readonly aggregates: AggregateStore,
    @Inject(EVIDENCE_FILES) private readonly files: EvidenceFiles,
  ) {}

  execute({ payload, ctx }: AttachAgendaItemPaperCommand) {
    return this.aggregates.execute(aggregate.meeting, payload.meetingId, ctx, (meeting) => requireSecretaryOf(ctx.actor, meeting.bodyId), {
      type: 'AttachAgendaItemPaper',
      data: async (meeting) => {
        await requireUploadedEvidence(this.files, evidenceScope.body(meeting.bodyId ?? ''), [payload.file]);
        return { itemId: payload.agendaItemId, paper: evidenceOf([payload.file])[0]!, at: ctx.occurredAt };
      },
    });
  }
}
