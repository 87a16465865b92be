// Read-your-writes across API replicas: every mutation answers the log position of its write, and
// every later request carries the largest one as `x-after-position`, so whichever replica the load
// balancer picks answers only once its read model shows what this person wrote.
import { DocumentNode, FieldNode, Kind, SelectionNode } from '@0no-co/graphql.web';
import { Exchange, makeOperation, mapExchange } from 'urql';

export const AFTER_POSITION = 'x-after-position';

const POSITION: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'position' } };

const asksPosition = (selections: readonly SelectionNode[]) =>
  selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'position' && !s.alias);

/**
 * A mutation's document with `position` asked of each root field that answers an object (every such payload
 * has it; the schema test says so), leaving the documents in the screens about what they show.
 */
export function withPositions(document: DocumentNode): DocumentNode {
  return {
    kind: document.kind,
    definitions: document.definitions.map((definition) => {
      if (definition.kind !== Kind.OPERATION_DEFINITION) return definition;
      return {
        ...definition,
        selectionSet: {
          ...definition.selectionSet,
          selections: definition.selectionSet.selections.map((field) =>
            field.kind === Kind.FIELD && field.selectionSet && !asksPosition(field.selectionSet.selections)
              ? { ...field, selectionSet: { ...field.selectionSet, selections: [...field.selectionSet.selections, POSITION] } }
              : field,
          ),
        },
      };
    }),
  };
}

/** The largest position this client's mutations answered, and the exchange that keeps it. */
export function lastWrite(): { exchange: Exchange; position: () => string | null; headers: () => Record<string, string> } {
  let last: bigint | null = null;
  const exchange = mapExchange({
    onOperation(operation) {
      if (operation.kind !== 'mutation' || !('definitions' in operation.query)) return operation;
      return makeOperation(operation.kind, { ...operation, query: withPositions(operation.query) }, operation.context);
    },
    onResult(result) {
      if (result.operation.kind !== 'mutation' || !result.data) return;
      for (const payload of Object.values(result.data as Record<string, unknown>)) {
        const position = (payload as { position?: unknown } | null)?.position;
        if (typeof position === 'string' && /^\d+$/.test(position) && (last === null || BigInt(position) > last)) last = BigInt(position);
      }
    },
  });
  const position = () => (last === null ? null : last.toString());
  return { exchange, position, headers: (): Record<string, string> => (last === null ? {} : { [AFTER_POSITION]: last.toString() }) };
}
