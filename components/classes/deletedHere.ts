/**
 * Classes this tab is deleting. The live class query reads null a moment before
 * the delete call returns; this lets that page say "deleted" (and leave) instead
 * of "not found" while it navigates away.
 */
const deleting = new Set<string>();

export function markDeleting(classId: string) {
  deleting.add(classId);
}

export function unmarkDeleting(classId: string) {
  deleting.delete(classId);
}

export function isDeletingHere(classId: string) {
  return deleting.has(classId);
}

const left = new Set<string>();

/**
 * Go back to the list once per deleted class (the delete handler and the
 * "deleted" notice both ask). A full page load, not `router.replace`: a soft
 * navigation started from the failed page did not complete in testing.
 */
export function leaveDeletedClass(classId: string) {
  if (left.has(classId)) return;
  left.add(classId);
  window.location.replace("/classes");
}
