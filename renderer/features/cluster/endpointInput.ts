/**
 * An address as people type it (192.168.1.20, host:2379, https://host) made into an etcd
 * endpoint: http:// unless TLS is set up, and etcd's client port unless one is given.
 */
export function endpointFromInput(text: string, tls: boolean): string {
  const trimmed = text.trim();
  if (!trimmed) return trimmed;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `${tls ? 'https' : 'http'}://${trimmed}`;
  try {
    const url = new URL(withScheme);
    if (!url.port) url.port = '2379';
    return url.origin;
  } catch {
    return withScheme; // the main process refuses it, in words
  }
}
