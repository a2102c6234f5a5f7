// Cursor pagination lives in the SDK, so plugins' lists page like the core's and share its PageInfo type.
export { type Connection, ConnectionOf, PageArgs, PageInfo, paginate } from '@parley/plugin-sdk';
