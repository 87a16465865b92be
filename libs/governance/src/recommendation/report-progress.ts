import { Field, InputType, Int } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { EVIDENCE_FILES, EvidenceFiles, requireUploadedEvidence } from '../common/evidence';
import { EvidenceInput, MAX_TEXT, ValidEvidence } from '../common/inputs';
import { UnitActionInput, actAsUnit } from './recommendation-use-case';

@InputType()
export class ReportProgressInput extends UnitActionInput {
  @Field(() => Int) @IsInt() @Min(0) @Max(100) percent: number;
  @Field() @IsString() @MaxLength(MAX_TEXT) note: string;
  @Field(() => [EvidenceInput], { defaultValue: [] }) @ValidEvidence() evidence: EvidenceInput[];
}

export class ReportProgressCommand extends GovernanceCommand<ReportProgressInput> {}

@CommandHandler(ReportProgressCommand)
export class ReportProgressHandler implements ICommandHandler<ReportProgressCommand, CommandResult> {
  constructor(
    private readonly aggregates: AggregateStore,
    @Inject(EVIDENCE_FILES) private readonly files: EvidenceFiles,
  ) {}

  execute({ input, ctx }: ReportProgressCommand) {
    return actAsUnit(this.aggregates, input, ctx, 'ReportProgress', async (unitId) => {
      await requireUploadedEvidence(this.files, input.evidence);
      return {
        type: 'ReportProgress',
        data: { unitId, percent: input.percent, note: input.note, evidence: evidenceOf(input.evidence), at: ctx.occurredAt },
      };
    });
  }
}

export const evidenceOf = (list: EvidenceInput[] | undefined) =>
  (list ?? []).map((e) => ({ name: e.name, sha256: e.sha256, uri: e.uri ?? null }));
