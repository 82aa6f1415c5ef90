/**
 * Live sources for hosts (CLI, job worker): files followed into an instance as they grow. The
 * positions live in the database (follow_sources, follow_files), moved in the transactions
 * that append the events they cover.
 */
export { FollowPatternError } from './file-identity';
export { checkFollow, openSource } from './follow-spec';
export { FollowConflictError, FollowStore, type SourceRow } from './follow-store';
export { Follower, type FollowCommit, type FollowOptions, type FollowStats } from './follower';
