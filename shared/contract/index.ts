export * from './api.js';
export * from './calls.js';
export * from './define.js';
export * from './events.js';
export * from './result.js';
export * from './roles.js';
export * from './wire.js';
