/**
 * Reads the multipart body grammY sends for files. Its headers are terse (`filename=a.ics`, unquoted, no
 * space after the colon), which undici's strict FormData parser refuses, so the stand-ins parse it here.
 */
export function parseMultipart(
  contentType: string,
  body: string,
): { fields: Record<string, string>; files: { field: string; fileName: string; content: string }[] } {
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1];
  const fields: Record<string, string> = {};
  const files: { field: string; fileName: string; content: string }[] = [];
  if (!boundary) return { fields, files };
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const headers = part.slice(0, split);
    const content = part.slice(split + 4).replace(/\r\n$/, '');
    const name = /name="?([^";\r\n]+)"?/i.exec(headers)?.[1];
    const fileName = /filename="?([^";\r\n]+)"?/i.exec(headers)?.[1];
    if (!name) continue;
    if (fileName) files.push({ field: name, fileName, content });
    else fields[name] = content;
  }
  return { fields, files };
}
