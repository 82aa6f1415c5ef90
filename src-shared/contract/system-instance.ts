/**
 * The reserved instance where the app keeps its own records as events: saved queries
 * (stream `saved-queries`) and bookmarks (stream `bookmarks`). Hidden from the instance list
 * unless asked for; created on the first write (`autoCreateInstance`).
 */
export const systemInstanceName = '_eventlens';
