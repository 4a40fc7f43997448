/**
 * Test helpers for drs-waves users: import from `drs-waves/testing`, never from Lambda code.
 *
 * @module drs-waves/testing
 */

export { fakeSourceServerId } from './fakeSourceServerId';
