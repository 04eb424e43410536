import type { Enrich } from '../../app/ports';

/** Enrichment without AWS: the alert says plainly that it was not enriched. */
export const offlineEnrich: Enrich = (action) =>
  Promise.resolve({ notes: [`Not enriched (${action.type} skipped: no AWS access in this run).`] });
