import { PostgresEventStore } from '../postgres/postgres-event-store';
import { PostgresCluster, startPostgresCluster } from './postgres-cluster';

/**
 * For a suite of PostgresEventStore tests: a cluster of the suite's own, started before its tests,
 * and the stores `open` makes on it (polling every 200 ms unless told), all closed after them.
 */
export function postgresStores(): { readonly cluster: PostgresCluster; open(url: string, pollMs?: number): PostgresEventStore } {
  let cluster: PostgresCluster | undefined;
  const stores: PostgresEventStore[] = [];
  beforeAll(async () => {
    cluster = await startPostgresCluster();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
    await cluster?.destroy();
  });
  return {
    get cluster() {
      if (!cluster) throw new Error('the cluster starts before the tests');
      return cluster;
    },
    open(url, pollMs = 200) {
      const store = new PostgresEventStore({ connectionString: url, pollMs });
      stores.push(store);
      return store;
    },
  };
}
