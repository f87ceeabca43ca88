export type StoreErrorCode =
  | 'STORE_UNREADABLE'
  | 'STORE_CORRUPT'
  | 'STORE_KEY_WRONG'
  | 'STORE_TOO_NEW'
  | 'STORE_MIGRATION_FAILED'
  | 'STORE_MIGRATIONS_INVALID';

/** A store that cannot be opened safely. The file is left exactly as it was found. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}
