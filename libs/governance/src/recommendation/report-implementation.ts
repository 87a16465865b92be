import { Field, InputType } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsString, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { EVIDENCE_FILES, EvidenceFiles, requireUploadedEvidence } from '../common/evidence';
import { EvidenceInput, ValidEvidence } from '../common/inputs';
import { UnitActionInput, actAsUnit } from './recommendation-use-case';
import { evidenceOf } from './report-progress';

@InputType()
export class ReportImplementationInput extends UnitActionInput {
  @Field() @IsString() @MaxLength(20_000) summary: string;
  @Field(() => [EvidenceInput], { defaultValue: [] }) @ValidEvidence() evidence: EvidenceInput[];
}

export class ReportImplementationCommand extends GovernanceCommand<ReportImplementationInput> {}

@CommandHandler(ReportImplementationCommand)
export class ReportImplementationHandler implements ICommandHandler<ReportImplementationCommand, CommandResult> {
  constructor(
    private readonly aggregates: AggregateStore,
    @Inject(EVIDENCE_FILES) private readonly files: EvidenceFiles,
  ) {}

  execute({ input, ctx }: ReportImplementationCommand) {
    return actAsUnit(this.aggregates, input, ctx, 'ReportImplementation', async (unitId) => {
      await requireUploadedEvidence(this.files, input.evidence);
      return {
        type: 'ReportImplementation',
        data: { unitId, by: ctx.actor.sub, summary: input.summary, evidence: evidenceOf(input.evidence), at: ctx.occurredAt },
      };
    });
  }
}
