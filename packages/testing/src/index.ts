export * from './test-databases';
export * from './test-app';
export * from './fake-server';
export * from './process';
export * from './query-counter';
export * from './chat';
export * from './eventually';
