import type { ErrorCode, WireError } from './contract.js';

/** An error with a code from the contract's closed set, safe to show to the user. */
export class QuorumError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'QuorumError';
  }

  toWire(): WireError {
    return { code: this.code, message: this.message };
  }
}
