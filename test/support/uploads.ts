import type { UploadRecord } from '../../src/protocol/model.js';
import type { TestServer } from './test-server.js';

/** POSTs one file to the server's upload endpoint as `user` (or with no token when `user` is null). */
export async function postFile(
  t: TestServer,
  user: string | null,
  bytes: Uint8Array | string,
  name: string,
  declaredType: string,
): Promise<Response> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: declaredType }), name);
  const headers: Record<string, string> = user === null ? {} : { authorization: `Bearer ${await t.token(user)}` };
  return fetch(`${t.url}/api/files`, { method: 'POST', headers, body: form });
}

/** Uploads and answers the record, failing the test on a refusal. */
export async function upload(t: TestServer, user: string, bytes: Uint8Array | string, name: string, declaredType: string): Promise<UploadRecord> {
  const response = await postFile(t, user, bytes, name, declaredType);
  const body = (await response.json()) as UploadRecord & { error?: { name: string } };
  if (response.status !== 201) throw new Error(`upload refused: ${response.status} ${body.error?.name}`);
  return body;
}
