/** Exit codes of the command line (a contract: scripts rely on them). */
export const EXIT = { ok: 0, failed: 1, partial: 2, interrupted: 130 } as const;
