import { Module } from '@nestjs/common';
import { PublicChangeQueries, ReadModelDb, TimelineQueries } from '@gov/read-model';
import { FeedsController } from './feeds.controller';
import { OpenDataController } from './open-data.controller';

/** What anyone may fetch without signing in: open data, feeds and the meeting calendar (docs/architecture.md, "Open to the public"). */
@Module({
  controllers: [OpenDataController, FeedsController],
  providers: [
    { provide: PublicChangeQueries, inject: [ReadModelDb], useFactory: (rm: ReadModelDb) => new PublicChangeQueries(rm.db) },
    { provide: TimelineQueries, inject: [ReadModelDb], useFactory: (rm: ReadModelDb) => new TimelineQueries(rm.db) },
  ],
})
export class PublicModule {}
