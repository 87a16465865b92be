import { randomUUID } from 'node:crypto';
import { eventStoreConformance } from '../testing/event-store-conformance';
import { InMemoryEventStore } from './memory-event-store';

eventStoreConformance('memory', { open: async () => new InMemoryEventStore() });

describe('in-memory event store', () => {
  it('keeps stored history out of reach of what callers do with the objects they passed or read', async () => {
    const store = new InMemoryEventStore();
    const data = { text: { ru: 'исходный' } };
    await store.appendToStream('s-1', [{ id: randomUUID(), type: 'A', data }]);
    data.text.ru = 'изменён после записи';
    const [read] = await store.readStream('s-1');
    (read!.data.text as { ru: string }).ru = 'изменён после чтения';
    expect((await store.readAll())[0]?.data).toEqual({ text: { ru: 'исходный' } });
  });

  it('refuses work once closed', async () => {
    const store = new InMemoryEventStore();
    await store.close();
    await expect(store.appendToStream('s-1', [{ id: randomUUID(), type: 'A', data: {} }])).rejects.toThrow(/closed/);
  });
});
