/** What each sign-in flow shares: the authority, msal's cache and system options, and the secrets to hide. */
import type { ICachePlugin, NodeSystemOptions } from '@azure/msal-node';

export interface FlowContext {
  /** `https://<host>/<tenant>`, checked. */
  authority: string;
  env: Readonly<Record<string, string | undefined>>;
  cachePlugin: ICachePlugin | undefined;
  system: NodeSystemOptions;
  /** Filled as secrets are read, so that logs and errors can hide them. */
  secrets: string[];
}

/** msal's `cache` option: the plugin, or nothing (msal then caches in memory for the app's lifetime only). */
export function cacheOptions(context: FlowContext): { cachePlugin?: ICachePlugin } {
  return context.cachePlugin ? { cachePlugin: context.cachePlugin } : {};
}
