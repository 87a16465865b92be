import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireActingUnit } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { MAX_TEXT, UnitActionPayload } from '../common/payloads';
import {
  EVIDENCE_FILES,
  EvidenceFiles,
  evidenceScope,
  EvidencePayload,
  ValidEvidence,
  evidenceOf,
  requireUploadedEvidence,
} from '../common/evidence';

export class ReportProgressPayload extends UnitActionPayload {
  @IsInt() @Min(0) @Max(100) percent: number;
  @IsString() @MaxLength(MAX_TEXT) note: string;
  @ValidEvidence() evidence: EvidencePayload[];
}

export class ReportProgressCommand extends GovernanceCommand<ReportProgressPayload> {
  static readonly Payload = ReportProgressPayload;
}

@CommandHandler(ReportProgressCommand)
export class ReportProgressHandler implements ICommandHandler<ReportProgressCommand, CommandResult> {
  constructor(
    private readonly aggregates: AggregateStore,
    @Inject(EVIDENCE_FILES) private readonly files: EvidenceFiles,
  ) {}

  execute({ payload, ctx }: ReportProgressCommand) {
    return this.aggregates.execute(
      aggregate.recommendation,
      payload.recommendationId,
      ctx,
      () => requireActingUnit(ctx.actor, payload.actingUnitId),
      {
        type: 'ReportProgress',
        data: async (_recommendation, { unitId }) => {
          await requireUploadedEvidence(this.files, evidenceScope.unit(unitId), payload.evidence);
          return { unitId, percent: payload.percent, note: payload.note, evidence: evidenceOf(payload.evidence), at: ctx.occurredAt };
        },
      },
    );
  }
}
