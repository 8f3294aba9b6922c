/** Builds dist/server/server.mjs (what `npm start` runs); resolves to the build's milliseconds. */
export function buildServer(): Promise<number>;
