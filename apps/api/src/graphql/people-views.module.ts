import { Module } from '@nestjs/common';
import { MeetingViewQueries, ReadModelDb, TimelineQueries } from '@gov/read-model';
import { PEOPLE_VIEW_RESOLVERS } from './people-views.resolver';

/** Recommendation timelines and meeting attendance, read from their own read-model tables. */
@Module({
  providers: [
    { provide: TimelineQueries, inject: [ReadModelDb], useFactory: (rm: ReadModelDb) => new TimelineQueries(rm.db) },
    { provide: MeetingViewQueries, inject: [ReadModelDb], useFactory: (rm: ReadModelDb) => new MeetingViewQueries(rm.db) },
    ...PEOPLE_VIEW_RESOLVERS,
  ],
})
export class PeopleViewsModule {}
