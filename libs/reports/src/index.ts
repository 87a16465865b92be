export * from './report-error';
export * from './labels';
export * from './log-point';
export * from './sources';
export * from './state-at';
export * from './report-data';
export * from './documents';
export * from './register';
