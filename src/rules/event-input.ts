import type { AnyStateMachine, EventFrom } from 'xstate';
import type * as z from 'zod/mini';
import type { WithPrincipal } from '../roles/principal.js';

/** Key of the type-only mark; no value has it at run time. */
declare const EVENT_INPUT: unique symbol;

/**
 * Type-only mark of a machine: the events a host sends it, as its event schema takes them
 * (`z.input`: a field with a schema default may be left out). Set by {@link withEventSchema}.
 */
export interface EventInputMark<E> {
  readonly [EVENT_INPUT]?: E;
}

/**
 * The events a host sends a machine through the runtime (`step`, `runtime.case(m, id).send`): its
 * event schema's input type when the machine is marked by {@link withEventSchema} (kefu's machines
 * are), else its XState event type. The runtime parses each event with the registered schema, so
 * defaults are filled in before the machine sees it.
 */
export type EventInputOf<M extends AnyStateMachine> = M extends EventInputMark<infer E> ? (unknown extends E ? EventFrom<M> : E) : EventFrom<M>;

/**
 * Mark a machine with the input type of its event schema, for the runtime's typed `send`: a field
 * the schema gives a default (`z._default`) may be left out there, while the machine's actions still
 * see it filled in. Type only: returns `machine` itself. `.provide()` returns an unmarked machine
 * (its events are then typed as the machine sees them); mark the provided machine again if needed.
 *
 * @example
 * export const ticketMachine = withEventSchema(setup({ types: { events: {} as z.output<typeof TicketEventSchema> } }).createMachine({ … }), TicketEventSchema);
 */
export function withEventSchema<M extends AnyStateMachine, S extends z.core.$ZodType>(machine: M, schema: S): M & EventInputMark<WithPrincipal<z.input<S>>> {
  void schema; // its type is the mark
  return machine as M & EventInputMark<WithPrincipal<z.input<S>>>;
}
