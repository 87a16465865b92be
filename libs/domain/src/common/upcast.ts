import { DomainEvent } from './decider';

/**
 * Stored events keep the schema version they were written with. An upcaster lifts version n to
 * n+1 on read, so deciders and projections only ever see the current shape.
 */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

export class UpcasterRegistry {
  private readonly chains = new Map<string, Upcaster[]>();

  /** Registers the step from `fromVersion` to `fromVersion + 1` for one event type. */
  register(type: string, fromVersion: number, upcaster: Upcaster): this {
    const chain = this.chains.get(type) ?? [];
    chain[fromVersion - 1] = upcaster;
    this.chains.set(type, chain);
    return this;
  }

  currentVersion(type: string): number {
    return (this.chains.get(type)?.length ?? 0) + 1;
  }

  upcast<E extends DomainEvent>(type: string, data: Record<string, unknown>, schemaVersion = 1): E {
    const chain = this.chains.get(type) ?? [];
    let out = data;
    for (let v = schemaVersion; v <= chain.length; v++) {
      const step = chain[v - 1];
      if (!step) throw new Error(`no upcaster for ${type} from schema version ${v}`);
      out = step(out);
    }
    return { type, data: out } as unknown as E;
  }

  /** Lifts a stored event, reading its metadata for the schema version only when the type has upcasters. */
  upcastStored<E extends DomainEvent>(stored: { type: string; data: Record<string, unknown>; metadata: Record<string, unknown> }): E {
    const versioned = this.chains.has(stored.type);
    return this.upcast<E>(stored.type, stored.data, versioned ? Number(stored.metadata.schemaVersion ?? 1) : 1);
  }
}

/** The upcasters of the product's own event history. Empty while every event is at version 1. */
export const upcasters = new UpcasterRegistry();
