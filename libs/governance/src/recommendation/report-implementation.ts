import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsString, MaxLength } from 'class-validator';
import { LIMITS } from '@gov/domain';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireActingUnit } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { UnitActionPayload } from '../common/payloads';
import {
  EVIDENCE_FILES,
  EvidenceFiles,
  evidenceScope,
  EvidencePayload,
  ValidEvidence,
  evidenceOf,
  requireUploadedEvidence,
} from '../common/evidence';

export class ReportImplementationPayload extends UnitActionPayload {
  @IsString() @MaxLength(LIMITS.summary) summary: string;
  @ValidEvidence() evidence: EvidencePayload[];
}

export class ReportImplementationCommand extends GovernanceCommand<ReportImplementationPayload> {
  static readonly Payload = ReportImplementationPayload;
}

@CommandHandler(ReportImplementationCommand)
export class ReportImplementationHandler implements ICommandHandler<ReportImplementationCommand, CommandResult> {
  constructor(
    private readonly aggregates: AggregateStore,
    @Inject(EVIDENCE_FILES) private readonly files: EvidenceFiles,
  ) {}

  execute({ payload, ctx }: ReportImplementationCommand) {
    return this.aggregates.execute(
      aggregate.recommendation,
      payload.recommendationId,
      ctx,
      () => requireActingUnit(ctx.actor, payload.actingUnitId),
      {
        type: 'ReportImplementation',
        data: async (_recommendation, { unitId }) => {
          await requireUploadedEvidence(this.files, evidenceScope.unit(unitId), payload.evidence);
          return { unitId, by: ctx.actor.sub, summary: payload.summary, evidence: evidenceOf(payload.evidence), at: ctx.occurredAt };
        },
      },
    );
  }
}
