import { Field, ID, ObjectType, Parent, ResolveField, Resolver, registerEnumType } from '@nestjs/graphql';
import { EvidenceQueries } from '@gov/read-model';
import { Recommendation } from './types';

const EvidenceReportEnum = { PROGRESS: 'PROGRESS', IMPLEMENTATION: 'IMPLEMENTATION' } as const;
registerEnumType(EvidenceReportEnum, { name: 'EvidenceReport', description: 'The kind of report that cited the evidence' });

@ObjectType({ description: 'A file or link cited in a progress or implementation report' })
export class EvidenceItem {
  @Field() name: string;
  @Field({ description: 'SHA-256 of the file; GET /files/<sha256> serves an uploaded one to signed-in readers' }) sha256: string;
  @Field(() => String, { nullable: true }) uri: string | null;
  @Field(() => EvidenceReportEnum) report: string;
  @Field(() => ID) unitId: string;
  @Field({ description: 'When the report says it happened' }) reportedAt: string;
  @Field({ description: 'Log position of the report' }) position: string;
}

@Resolver(() => Recommendation)
export class RecommendationEvidenceResolver {
  constructor(private readonly queries: EvidenceQueries) {}

  @ResolveField(() => [EvidenceItem], { description: 'Every evidence item its reports cite, newest report first' })
  evidence(@Parent() r: Recommendation): EvidenceItem[] {
    // An asOf answer (no revision) lists what had been reported by its last change.
    return this.queries.ofRecommendation(r.id, r.revision === null ? r.updatedAt : undefined);
  }
}
