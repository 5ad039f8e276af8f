// Module-level RegExp constants in an imported file.
export const API_VERSION = /^\/api\/v(\d+)(\/|$)/;
export const WORDS = /\w+/g;
