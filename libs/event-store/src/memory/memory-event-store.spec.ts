import { eventStoreConformance } from '../testing/event-store-conformance';
import { InMemoryEventStore } from './memory-event-store';

eventStoreConformance('memory', { open: async () => new InMemoryEventStore() });
