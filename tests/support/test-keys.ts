import { createHash } from 'node:crypto';
import type { StoreKey } from '../../main/core/db/store-key.js';

// Loaded by child processes too (tests/crash/): it must not import vitest.

/** One fixed key for the test stores, so a test may reopen a store another part of it made. */
export const TEST_STORE_KEY: StoreKey = createHash('sha256').update('vangnet test store key').digest();

/** The server key test servers seal alarm keys with (PostgreSQL requires one); processes get it as VANGNET_SERVER_KEY. */
export const TEST_SERVER_KEY = createHash('sha256').update('vangnet test server key').digest('hex');
export const TEST_SERVER_ENV = { VANGNET_SERVER_KEY: TEST_SERVER_KEY } as const;
