/**
 * The key that makes album names unique regardless of case, in every script: SQLite's NOCASE
 * folds ASCII only, so "Été" and "été" would both be allowed without this. Pure, so the core's
 * repository and the CLI (which finds albums by name through the contract) fold names alike.
 */
export function albumNameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}
