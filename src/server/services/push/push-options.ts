/** One encrypted Web Push request, ready to POST to the subscription's endpoint. */
export interface PushRequest {
  endpoint: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface PushOptions {
  /** Contact the push services see in the VAPID token: a `mailto:` or `https:` URL. */
  subject?: string;
  /**
   * Hosts a subscription endpoint may name (`*.example.com` matches subdomains). The default
   * is the browsers' own push services, so a client cannot make the server POST elsewhere.
   */
  endpointHosts?: string[];
  /** Accept `http:` endpoints (tests against a local receiver). */
  allowInsecureEndpoints?: boolean;
  /** Sends one request and answers the HTTP status; defaults to a plain POST. */
  deliver?: (request: PushRequest) => Promise<number>;
}

export const DEFAULT_PUSH_HOSTS = [
  'fcm.googleapis.com',
  'updates.push.services.mozilla.com',
  '*.push.services.mozilla.com',
  '*.notify.windows.com',
  'web.push.apple.com',
  '*.push.apple.com',
];
