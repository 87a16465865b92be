export * from './follower-addresses';
export * from './follow-messages';
export * from './follow-mailer';
export * from './follow-mailer-options';
export * from './follow-service';
export { FOLLOW_MAILER_FILE } from './follow-mailer-schema';
