/** The kinds of spec `neocortex spec` prints (no imports: the help lists them). */
export const specKinds = ['model', 'session', 'experiment'] as const;
