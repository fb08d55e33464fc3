/** Whether a value is a stored file's URI (an uploaded FILE input or an output file). */
export function isFileUri(value: string): boolean {
  return value.startsWith("osprey:///");
}

/** The file name at the end of a stored file's URI (osprey:///…/name). */
export function parseInputFileUriName(uri: string): string {
  return uri.split("/").pop() ?? uri;
}
