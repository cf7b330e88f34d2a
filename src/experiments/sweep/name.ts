/** The name a sweep runs under (results.json's `experiment`, and on the queue); light to import. */
export const SWEEP_EXPERIMENT = 'sweep';
