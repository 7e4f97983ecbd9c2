/**
 * The sandbox's API keys. They are public constants (this is test infrastructure), shaped like real Langdock keys
 * so that any leak check that looks for the key finds a realistic string.
 */

export const SANDBOX_KEYS = {
  /** A workspace that brings its own provider keys: token and cost columns, deployment grouping. */
  byok: 'sk-ld-sandbox-byok-3f9c2a7e51d84b06',
  /** A workspace on Langdock-managed models: no BYOK columns; deployment grouping is refused. */
  managed: 'sk-ld-sandbox-managed-8e41b0c9d27a6f53',
  /** A revoked key: always 401. */
  revoked: 'sk-ld-sandbox-revoked-0c7d5e2f9a13b684',
  /** A live key without the USAGE_EXPORT_API scope: always 403. */
  noScope: 'sk-ld-sandbox-noscope-61a9f3e0b8c24d7e',
} as const;

export interface Workspace {
  id: string;
  byok: boolean;
}

const WORKSPACES: Readonly<Record<'byok' | 'managed', Workspace>> = {
  byok: { id: 'ws_byok_4f2a91c3', byok: true },
  managed: { id: 'ws_managed_8c1d07e5', byok: false },
};

export type KeyCheck = { ok: true; workspace: Workspace } | { ok: false; status: 401 | 403 };

export function checkAuthorization(header: string | undefined): KeyCheck {
  const key = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  if (key === SANDBOX_KEYS.byok) return { ok: true, workspace: WORKSPACES.byok };
  if (key === SANDBOX_KEYS.managed) return { ok: true, workspace: WORKSPACES.managed };
  if (key === SANDBOX_KEYS.noScope) return { ok: false, status: 403 };
  return { ok: false, status: 401 };
}

export function workspaceById(id: string): Workspace | undefined {
  return Object.values(WORKSPACES).find((w) => w.id === id);
}
