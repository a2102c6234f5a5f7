// Lives in the SDK, so that plugins' resolvers batch the same way as the core's.
export { perRequest } from '@parley/plugin-sdk';
