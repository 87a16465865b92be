export * from './clock';
export * from './mail-sender';
export * from './messages';
export * from './notifier';
export * from './notifier-db';
export * from './rules';
export * from './notification-queries';
export * from './digest';
