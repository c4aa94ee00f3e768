import type { Queue } from 'bullmq';
import type { DeliveryStatus } from '../channel.js';
import type { Senders } from '../bots/outbound.js';
import type { Reply } from '../core/messages.js';
import type { Person } from '../storage/people.js';
import type { Whereabouts } from '../domain/heatAlertExtras.js';
import type { DeliveryKind, DeliveryPayload } from './deliveryQueue.js';

/** How many of each kind of thing a feature put back or forgot ("deadlines", "visits"…). */
export type Counts = Record<string, number>;

/**
 * The person a delivery goes to, as the delivery worker read them with the delivery: with their quartier and
 * address in the network (null when they are not in it), so that the lines a message adds about their quartier
 * (the cool places near them) cost no read of their own in a 100k broadcast.
 */
export interface DeliveryPerson extends Person {
  whereabouts: Whereabouts | null;
}

/** Writes one feature's proactive messages: per person, the message, or undefined when it no longer needs sending. */
export type ComposeDelivery = (payload: DeliveryPayload, person: DeliveryPerson) => Promise<Reply | undefined>;

/** The delivery kinds a feature owns and how it writes them (built once per worker process). */
export interface DeliveryWriter {
  kinds: readonly DeliveryKind[];
  create: () => ComposeDelivery;
}

/**
 * A feature's part of the jobs layer, given the context by the composition root (src/features/index.ts builds
 * them, src/app.ts puts them in `AppContext.featureJobParts`): the shared jobs run them without knowing any
 * feature.
 */
export interface FeatureJobParts {
  /** Its queues, watched by /metrics and Bull Board (src/ops/opsServer.ts). */
  queues?: Queue[];
  /**
   * Its part of the rebuild after Redis lost jobs (src/jobs/recovery.ts): puts back every job the database
   * says is still due and Redis no longer holds, and returns how many, by kind (every kind, 0 included).
   */
  recover?: () => Promise<Counts>;
  /**
   * Its hold on people forgotten in the hourly maintenance (src/jobs/maintenance.ts) before the people who hold
   * nothing, so that they go in the same run (places at meetings long past); rows forgotten, by kind.
   */
  purgeHolds?: () => Promise<Counts>;
  /** Its part of the hourly maintenance, after the people who hold nothing: rows forgotten, by kind. */
  purge?: () => Promise<Counts>;
  /** Told once a delivery reached its final state (sent, failed, unreachable, cancelled). */
  settled?: (payload: DeliveryPayload, status: DeliveryStatus) => Promise<void>;
  /** Told when the platform says a person is gone for good (a volunteer's people then need someone else). */
  unreachable?: (personId: string) => Promise<void>;
  /** Its proactive messages (src/jobs/deliveryComposer.ts). */
  deliveryWriters?: DeliveryWriter[];
  /** Its queue workers, started by the worker role (src/jobs/workers.ts). */
  workers?: ((senders: Senders) => { close: () => Promise<void> })[];
}

/** Every part's counts, in the parts' order, as one record. */
export async function countAll(steps: ((() => Promise<Counts>) | undefined)[]): Promise<Counts> {
  const all: Counts = {};
  // One after the other, as before the parts were split: the database and Redis see the same sequence.
  for (const step of steps) if (step) Object.assign(all, await step());
  return all;
}
