/**
 * The library's change counter (`library_changes.counter`, migration 2): every write another
 * window has to show moves it, and the app refreshes when it moves (external-changes.ts), as
 * do the search's remembered counts. Each table that holds what the UI shows has one trigger
 * per operation that moves it, in the transaction of the change.
 */

/** A write a change-counter trigger follows. */
export type ChangeOperation = 'INSERT' | 'UPDATE' | 'DELETE';

/** Which writes to a table move the change counter. */
export interface ChangeCounterOptions {
  /** The operations that move it, in this order; all three unless given. */
  operations?: readonly ChangeOperation[];
  /** Only an update of these columns moves it (`AFTER UPDATE OF …`); any update unless given. */
  updateOf?: readonly string[];
}

const ALL_OPERATIONS: readonly ChangeOperation[] = ['INSERT', 'UPDATE', 'DELETE'];

/**
 * The SQL creating the triggers `<table>_<insert|update|delete>_counts` that move the change
 * counter after each write to `table`.
 */
export function changeCounterTriggers(table: string, options: ChangeCounterOptions = {}): string {
  const { operations = ALL_OPERATIONS, updateOf } = options;
  return operations
    .map((operation) => {
      const columns = operation === 'UPDATE' && updateOf ? ` OF ${updateOf.join(', ')}` : '';
      return `CREATE TRIGGER ${table}_${operation.toLowerCase()}_counts AFTER ${operation}${columns} ON ${table}
  BEGIN UPDATE library_changes SET counter = counter + 1; END;`;
    })
    .join('\n  ');
}
