/** The messages the popup sends the background about offered exports. */

export interface CollectAcceptRequest {
  readonly type: 'occ:collect-accept';
  readonly id: string;
}
export interface CollectDismissRequest {
  readonly type: 'occ:collect-dismiss';
  readonly id: string;
}
export type CollectRequest = CollectAcceptRequest | CollectDismissRequest;

export type CollectResponse =
  | { readonly ok: true; readonly name: string; readonly size: number }
  | { readonly ok: false; readonly message: string };

export function isCollectRequest(message: unknown): message is CollectRequest {
  if (typeof message !== 'object' || message === null) return false;
  const { type, id } = message as { type?: unknown; id?: unknown };
  return (type === 'occ:collect-accept' || type === 'occ:collect-dismiss') && typeof id === 'string';
}
