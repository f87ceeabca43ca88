import { createHash } from 'node:crypto';
import type { StoreKey } from '../../main/core/db/store-key.js';

// Loaded by child processes too (tests/crash/): it must not import vitest.

/** One fixed key for the test stores, so a test may reopen a store another part of it made. */
export const TEST_STORE_KEY: StoreKey = createHash('sha256').update('vangnet test store key').digest();
