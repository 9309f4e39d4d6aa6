// Types of po-build.mjs for the tests (the script itself is plain JavaScript run by build.mjs).
export function pluralFunction(header: string | undefined): { nplurals: number; source: string };
export function poToCockpitJs(poText: string | Buffer): { language: string; text: string };
export function buildPoFiles(poDir: string, outDir: string): string[];
