export const SPEC_URL: URL;
export const OUTPUT_URL: URL;
export function generate(): Promise<string>;
export function isCurrent(): Promise<boolean>;
