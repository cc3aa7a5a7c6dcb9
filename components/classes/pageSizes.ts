/** How many classes the list shows at first, and adds per "Show more". */
export const ACTIVE_PAGE_SIZE = 24;
/** Archived classes sit in a closed section, so fewer come first. */
export const ARCHIVED_PAGE_SIZE = 12;
