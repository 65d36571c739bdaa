/**
 * The pipeline commands share the deploy CLI's one error type (message + hint), so both entry
 * points print failures the same way. Kept as a named re-export for readability at call sites.
 */
export { DeployError } from '../errors.js';
