import { WriteConflictError } from './feed-object-store.ts';

export interface WriteConflictRetry<T> {
  attempts: number;
  /** One read-render-write pass, numbered from 1. */
  attempt: (attempt: number) => Promise<T>;
  onConflict?: (conflict: WriteConflictError, attempt: number) => void;
  /** The error to throw once every attempt met a conflict: it names what kept changing. */
  giveUp: () => Error;
}

/**
 * Redoes a conditional write pass while it meets a `WriteConflictError`: another writer published
 * after our read, so reading again and redoing gives at least as new data. Any other error ends it.
 */
export async function retryOnWriteConflict<T>({ attempts, attempt, onConflict, giveUp }: WriteConflictRetry<T>): Promise<T> {
  for (let number = 1; number <= attempts; number += 1) {
    try {
      return await attempt(number);
    } catch (error) {
      if (!(error instanceof WriteConflictError)) throw error;
      onConflict?.(error, number);
    }
  }
  throw giveUp();
}
